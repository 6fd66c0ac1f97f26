import { useT } from '../i18n/useT.ts';
import { ALL_CAPS } from '../../domain/oci/runc-steps.ts';
import { formatTime } from '../swimlane/lanes.ts';
import { compactPath } from './format.ts';
import type { EvidenceFact } from './isolation.ts';
import type { NodeModel, PodView } from './model.ts';

/** Evidence lines shown per band before "+N more". */
const FACTS_SHOWN = 4;

/**
 * Where the isolation boundary sits for the node's low-level runtime: the bands between the
 * container processes and the host kernel, top to bottom, the boundary band marked. The bands
 * come from the runtime's row in runtimes.ts; each band lists the spans of the node's runtime
 * that showed it at work up to the playhead (isolation.ts), and a band the trace has not shown
 * yet is drawn as such. What this node's trace shows of the containers' boundary (new
 * namespaces, cgroup scopes, seccomp filters, kept capabilities) is listed under it.
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
          const ev = model.isolation[i];
          const facts = ev?.facts ?? [];
          const seen = !layer.seenBy || facts.length > 0;
          const name = ev?.label ?? layer.name;
          return (
            <li
              key={`${layer.name}-${i}`}
              className={`ka-node-layer is-${layer.kind}${boundary ? ' is-boundary' : ''}${layer.host ? ' is-host' : ''}${seen ? '' : ' is-unseen'}`}
              data-layer={layer.kind}
              data-name={name}
              data-seen={seen}
            >
              {boundary && <span className="ka-node-boundary-tag">{t('node.boundaryTag')}</span>}
              <span className="ka-node-layer-name">
                {layer.kind === 'app' ? t('node.layer.containers') : layer.host && model.nodeInfo?.kernelVersion ? `${name} ${model.nodeInfo.kernelVersion}` : name}
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
              {layer.seenBy && <BandFacts facts={facts} />}
            </li>
          );
        })}
      </ol>
      <p className="ka-node-help">{t(profile.summaryKey)}</p>
      {profile.traced && pod && !profile.kind.startsWith('rkt-') && <Evidence pod={pod} />}
    </div>
  );
}

/** The spans that showed a band at work, or that none has yet. */
function BandFacts({ facts }: { facts: readonly EvidenceFact[] }) {
  const t = useT();
  if (facts.length === 0) return <span className="ka-node-layer-unseen">{t('node.layer.unseen')}</span>;
  return (
    <ul className="ka-node-layer-facts" aria-label={t('node.layer.seen')}>
      {facts.slice(0, FACTS_SHOWN).map((f) => (
        <li key={f.seq} data-op={f.op} title={`${formatTime(f.t)} ${f.proc ?? ''} ${f.op} ${f.detail}`}>
          <code className="ka-node-fact-op">{f.op}</code>
          {f.proc && <span className="ka-node-fact-proc">{f.proc}</span>}
          {f.detail && <code className="ka-node-fact-detail">{compactPath(f.detail)}</code>}
          {f.count > 1 && <span className="ka-node-fact-n">×{f.count}</span>}
        </li>
      ))}
      {facts.length > FACTS_SHOWN && <li className="ka-node-fact-more">{t('node.layer.more', { n: facts.length - FACTS_SHOWN })}</li>}
    </ul>
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
