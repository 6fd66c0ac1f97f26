import { Fragment, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { formatTime } from '../swimlane/lanes.ts';
import { compactPath, formatBytes, shortDigest } from './format.ts';
import type { ContainerView, PodView } from './model.ts';

/**
 * One container's filesystem: the overlay its rootfs is made of (the image's layers as
 * lowerdirs, the writable upperdir and workdir, the merged dir), the pivot_root that makes the
 * merged dir its `/`, and the mounts its init made in its mount namespace.
 */
export function MountsView({ pod }: { pod: PodView }) {
  const t = useT();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const withMounts = pod.containers.filter((c) => c.mounts || c.rootfs);
  if (withMounts.length === 0) return <p className="ka-empty-note">{t(pod.rkt ? 'node.mounts.rktNone' : 'node.mounts.none')}</p>;
  // The first app container by default: its image layers are the interesting part.
  const c = withMounts.find((x) => x.id === picked) ?? withMounts.find((x) => !x.pause) ?? (withMounts[0] as ContainerView);
  return (
    <div className="ka-node-mounts" data-testid="node-mounts" data-container={c.name}>
      {withMounts.length > 1 && (
        <div className="ka-node-tabs" role="tablist" aria-label={t('node.mounts.container')}>
          {withMounts.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={x === c} className={`ka-node-tab${x === c ? ' is-on' : ''}`} data-container={x.name} onClick={() => setPicked(x.id)}>
              {x.name}
            </button>
          ))}
        </div>
      )}
      <Overlay c={c} />
      <MountTable c={c} />
    </div>
  );
}

/** A snapshot dir without containerd's snapshotter prefix. */
const shortDir = (dir: string) => compactPath(dir).replace('/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/', '…/');

/**
 * The container's rootfs overlay as the shim mounted it (its `mount` span: lowerdir, upperdir,
 * workdir, the merged dir), the layers of the image matched to the lowerdirs by directory, and
 * the pivot_root that makes the merged dir `/`.
 */
function Overlay({ c }: { c: ContainerView }) {
  const t = useT();
  const ov = c.rootfs?.overlay;
  const merged = ov?.target ?? c.mounts?.rootfs;
  const pivot = c.mounts?.pivot;
  const layers = c.rootfs?.layers ?? [];
  const byDir = new Map(layers.filter((l) => l.dir).map((l) => [l.dir as string, l]));
  // The lowerdirs the shim mounted, top first; without its mount, the image's layers as the pull committed them.
  const lower = ov ? ov.lowerdirs.map((dir) => ({ dir, layer: byDir.get(dir) })) : layers.map((l) => ({ dir: l.dir, layer: l }));
  return (
    <ol className="ka-node-overlay" data-testid="node-overlay" aria-label={t('node.mounts.overlay')} data-mounted={ov ? 'true' : 'false'}>
      <li className={`ka-node-ov is-root${pivot ? ' is-done' : ''}`} data-pivot={pivot ? 'done' : 'pending'}>
        <code className="ka-node-ov-dir">/</code>
        <span className="ka-node-ov-note">{pivot ? t('node.mounts.pivotDone', { time: formatTime(pivot.t) }) : t('node.mounts.pivotPending')}</span>
        <code className="ka-node-ov-call">pivot_root(&quot;.&quot;, &quot;.&quot;)</code>
      </li>
      <li className="ka-node-ov is-merged" data-dir={merged}>
        <span className="ka-node-ov-key">merged</span>
        <code className="ka-node-ov-dir" title={merged}>
          {merged ? <BreakAtSlashes path={compactPath(merged)} /> : '—'}
        </code>
        {ov && (
          <span className="ka-node-ov-note">
            {t('node.mounts.mountedBy', { proc: ov.proc ?? '?', time: formatTime(ov.t) })} <code>mount -t overlay</code>
          </span>
        )}
      </li>
      <li className="ka-node-ov is-upper" data-dir={ov?.upperdir}>
        <span className="ka-node-ov-key">upperdir</span>
        {ov?.upperdir ? <code className="ka-node-ov-dir">{shortDir(ov.upperdir)}</code> : <span className="ka-node-ov-note">{t(c.rootfs ? 'node.mounts.notMounted' : 'node.mounts.notTraced')}</span>}
      </li>
      <li className="ka-node-ov is-work" data-dir={ov?.workdir}>
        <span className="ka-node-ov-key">workdir</span>
        {ov?.workdir ? <code className="ka-node-ov-dir">{shortDir(ov.workdir)}</code> : <span className="ka-node-ov-note">{t(c.rootfs ? 'node.mounts.notMounted' : 'node.mounts.notTraced')}</span>}
      </li>
      <li className="ka-node-ov is-lower">
        <span className="ka-node-ov-key">lowerdir</span>
        {c.rootfs ? (
          <span className="ka-node-ov-note">
            <code>{c.rootfs.image}</code> · {t('node.mounts.layers', { n: ov ? ov.lowerdirs.length : (c.rootfs.layerCount ?? layers.length) })}
          </span>
        ) : (
          <span className="ka-node-ov-note">—</span>
        )}
        {lower.length > 0 ? (
          <ol className="ka-node-layers" data-testid="node-layers">
            {lower.map(({ dir, layer: l }, i) => (
              <li key={dir ?? l?.name ?? i} data-dir={dir} title={l ? `${l.name}${l.diffId ? `\ndiffID ${l.diffId}` : ''}${l.digest ? `\nblob ${l.digest}` : ''}` : dir}>
                <span className="ka-node-layer-n">{lower.length - i}</span>
                <code>{dir ? shortDir(dir) : l ? shortDigest(l.name) : '—'}</code>
                {l?.diffId && <code className="ka-node-digest">{shortDigest(l.diffId)}</code>}
                {l?.size !== undefined && <span className="ka-node-size">{formatBytes(l.size)}</span>}
              </li>
            ))}
          </ol>
        ) : c.rootfs ? (
          <p className="ka-node-help">{t('node.mounts.layersBefore')}</p>
        ) : null}
      </li>
    </ol>
  );
}

/** A long path that may wrap only after a slash. */
function BreakAtSlashes({ path }: { path: string }) {
  const parts = path.split('/');
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && '/'}
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  );
}

function MountTable({ c }: { c: ContainerView }) {
  const t = useT();
  const all = c.mounts?.mounts ?? [];
  const table = all.filter((m) => (m.kind === 'fs' || m.kind === 'bind') && !m.covered);
  const masked = all.filter((m) => m.kind === 'masked');
  const readonly = all.filter((m) => m.kind === 'readonly');
  if (all.length === 0) return <p className="ka-empty-note">{t('node.mounts.noneYet')}</p>;
  return (
    <>
      <table className="ka-node-table" data-testid="node-mount-table">
        <thead>
          <tr>
            <th>{t('node.mounts.target')}</th>
            <th>{t('node.mounts.type')}</th>
            <th>{t('node.mounts.source')}</th>
          </tr>
        </thead>
        <tbody>
          {table.map((m) => (
            <tr key={m.seq} data-target={m.target} data-fstype={m.fstype}>
              <td>
                <code>
                  <BreakAtSlashes path={m.target} />
                </code>
                {m.readonly && <span className="ka-node-flag">ro</span>}
              </td>
              <td>
                <code>{m.fstype}</code>
              </td>
              <td title={[m.source, m.flags, m.data].filter(Boolean).join('\n')}>
                <code className="ka-node-tail">
                  <bdi>{compactPath(m.source)}</bdi>
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {readonly.length > 0 && (
        <p className="ka-node-paths">
          <span className="ka-node-paths-key">{t('node.mounts.readonly')}</span>
          {readonly.map((m) => (
            <code key={m.seq}>{m.target}</code>
          ))}
        </p>
      )}
      {masked.length > 0 && (
        <p className="ka-node-paths">
          <span className="ka-node-paths-key">{t('node.mounts.masked')}</span>
          {masked.map((m) => (
            <code key={m.seq} title={m.source === '/dev/null' ? '/dev/null' : 'tmpfs (ro)'}>
              {m.target}
            </code>
          ))}
        </p>
      )}
    </>
  );
}
