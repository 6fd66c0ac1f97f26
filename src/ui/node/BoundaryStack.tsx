import { useT } from '../i18n/useT.ts';
import { ALL_CAPS } from '../../domain/oci/runc-steps.ts';
import type { NodeModel, PodView } from './model.ts';

/**
 * Where the isolation boundary sits for the node's low-level runtime: the bands between the
 * container processes and the host kernel, top to bottom, the boundary band marked. The bands
 * come from the runtime's row in runtimes.ts; what this node's trace shows of the boundary
 * (new namespaces, cgroup scopes, seccomp filters, kept capabilities) is listed under it.
 */
export function BoundaryStack({ model, pod }: { model: NodeModel; pod: PodView | undefined }) {
  const t = useT();
  const profile = model.profile;
  if (!profile) {
    return (
      <p className="ka-empty-note" data-testid="node-boundary" data-runtime={model.runtime.low}>
        {t(model.runtime.low ? 'node.rt.unknown' : 'node.rt.none', { runtime: model.runtime.choice })}
      </p>
    );
  }
  const live = pod?.containers.filter((c) => c.live) ?? [];
  return (
    <div className="ka-node-stack-wrap" data-testid="node-boundary" data-runtime={profile.kind} data-host-kernel-shared={profile.hostKernelShared}>
      <ol className="ka-node-stack" aria-label={t('node.boundary')}>
        {profile.layers.map((layer, i) => {
          const boundary = i === profile.boundary;
          return (
            <li key={`${layer.name}-${i}`} className={`ka-node-layer is-${layer.kind}${boundary ? ' is-boundary' : ''}${layer.host ? ' is-host' : ''}`} data-layer={layer.kind}>
              {boundary && <span className="ka-node-boundary-tag">{t('node.boundaryTag')}</span>}
              <span className="ka-node-layer-name">
                {layer.kind === 'app' ? t('node.layer.containers') : layer.host && model.nodeInfo?.kernelVersion ? `${layer.name} ${model.nodeInfo.kernelVersion}` : layer.name}
              </span>
              {layer.kind === 'app' && live.length > 0 ? (
                <span className="ka-node-chips">
                  {live.map((c) => (
                    <code key={c.id} className="ka-node-chip">
                      {c.name}
                      {c.pid !== undefined && <span className="ka-node-pid">{c.pid}</span>}
                    </code>
                  ))}
                </span>
              ) : null}
              <span className="ka-node-layer-note">{t(layer.noteKey)}</span>
            </li>
          );
        })}
      </ol>
      <p className="ka-node-help">{t(profile.summaryKey)}</p>
      {profile.traced && pod && <Evidence pod={pod} />}
    </div>
  );
}

/** What the trace shows of the boundary for the Pod's containers. */
function Evidence({ pod }: { pod: PodView }) {
  const t = useT();
  const created = new Set<string>();
  const joined = new Set<string>();
  for (const row of pod.namespaces) {
    for (const b of row.boxes) {
      if (!b.ns || b.ns.host) continue;
      if (b.relations.includes('created')) created.add(b.ns.key);
      if (b.relations.includes('joined')) joined.add(b.ns.key);
    }
  }
  const scopes = pod.containers.filter((c) => c.scope).length;
  return (
    <dl className="ka-node-evidence" data-testid="node-evidence">
      <dt>namespaces</dt>
      <dd>{t('node.evidence.namespaces', { created: created.size, joined: joined.size })}</dd>
      <dt>cgroups</dt>
      <dd>{t('node.evidence.scopes', { n: scopes })}</dd>
      <dt>seccomp</dt>
      <dd>
        {pod.containers.map((c) => (
          <span key={c.id} className="ka-node-ev-item">
            <code>{c.name}</code> {c.security.seccomp ? t('node.evidence.seccomp', { action: c.security.seccomp.defaultAction ?? '?', rules: c.security.seccomp.rules }) : c.live || c.ociState ? t('node.evidence.noSeccomp') : '—'}
          </span>
        ))}
      </dd>
      <dt>capabilities</dt>
      <dd>
        {pod.containers.map((c) => (
          <span key={c.id} className="ka-node-ev-item" title={c.security.capabilities?.join(' ')}>
            <code>{c.name}</code> {c.security.capabilities ? t('node.evidence.caps', { kept: c.security.capabilities.length, all: ALL_CAPS.length }) : '—'}
          </span>
        ))}
      </dd>
    </dl>
  );
}
