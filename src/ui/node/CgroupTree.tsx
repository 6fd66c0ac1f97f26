import { useT } from '../i18n/useT.ts';
import { compactPath, criResourcePairs, orderCgroupFiles, shortId } from './format.ts';
import type { CgroupView } from './model.ts';

/** How many limit files a scope shows before folding the rest into its title. */
const SHOWN_FILES = 4;

/**
 * The node's cgroup tree: kubepods.slice → QoS slice → pod slice → one scope per container,
 * with the limit files the runtime wrote and the CRI resources they came from. Other pods'
 * slices fold to one line, the focused pod's is open.
 */
export function CgroupTree({ root, focus }: { root: CgroupView; focus: string | undefined }) {
  const t = useT();
  if (root.children.length === 0) return <p className="ka-empty-note">{t('node.cgroups.none')}</p>;
  return (
    <div className="ka-node-cg-wrap">
      <ul className="ka-node-cg" role="tree" data-testid="node-cgroups" aria-label={t('node.cgroups')}>
        <CgNode n={root} focus={focus} />
      </ul>
      <p className="ka-node-help">{t('node.cgroups.help')}</p>
    </div>
  );
}

function CgNode({ n, focus }: { n: CgroupView; focus: string | undefined }) {
  const t = useT();
  const other = n.pod !== undefined && focus !== undefined && n.pod.sandboxId !== focus;
  const focused = n.pod !== undefined && n.pod.sandboxId === focus;
  const files = orderCgroupFiles(n.files);
  const shown = files.slice(0, SHOWN_FILES);
  const folded = files.slice(SHOWN_FILES);
  const cri = criResourcePairs(n.container?.resources ?? n.pod?.resources);
  return (
    <li role="treeitem" aria-selected={focused} aria-expanded={n.children.length > 0 ? !other : undefined} className={`ka-node-cg-node is-${n.kind}${focused ? ' is-focus' : ''}${n.traced ? '' : ' is-implied'}`} data-path={n.path} data-kind={n.kind}>
      <div className="ka-node-cg-row">
        <code className="ka-node-cg-name" title={n.path ? `/sys/fs/cgroup/${n.path}` : '/sys/fs/cgroup'}>
          {compactPath(n.name)}
        </code>
        {n.qos && n.kind === 'slice' && <span className={`ka-node-tag is-qos`}>{n.qos}</span>}
        {n.pod && <span className="ka-node-tag is-pod">{n.pod.name}</span>}
        {n.container && (
          <span className="ka-node-tag" title={n.container.id}>
            {n.container.name} · {shortId(n.container.id)}
          </span>
        )}
        {n.hierarchies.length > 0 && <span className="ka-node-flag">v1: {n.hierarchies.join(', ')}</span>}
      </div>
      {!other && (shown.length > 0 || n.procs.length > 0) && (
        <div className="ka-node-cg-files">
          {shown.map(([f, v]) => (
            <code key={f} className="ka-node-file" data-file={f}>
              {f} <strong>{v}</strong>
            </code>
          ))}
          {folded.length > 0 && (
            <span className="ka-node-more" title={folded.map(([f, v]) => `${f} ${v}`).join('\n')}>
              {t('node.cgroups.moreFiles', { n: folded.length })}
            </span>
          )}
          {n.procs.length > 0 && (
            <code className="ka-node-file" data-file="cgroup.procs">
              cgroup.procs <strong>{n.procs.join(' ')}</strong>
            </code>
          )}
        </div>
      )}
      {!other && cri.length > 0 && (
        <div className="ka-node-cg-cri" title={t('node.cgroups.criTitle')}>
          <span className="ka-node-paths-key">{n.container ? 'CreateContainer' : 'RunPodSandbox'}</span>
          {cri.map(([k, v]) => (
            <code key={k}>
              {k} {v}
            </code>
          ))}
        </div>
      )}
      {n.children.length > 0 &&
        (other ? (
          <div className="ka-node-more">{t('node.cgroups.folded', { n: n.children.length })}</div>
        ) : (
          <ul role="group">
            {n.children.map((c) => (
              <CgNode key={c.path} n={c} focus={focus} />
            ))}
          </ul>
        ))}
    </li>
  );
}
