import { useT } from '../i18n/useT.ts';
import type { NodeModel, ProcessView } from './model.ts';

/** Above this many pods, the other pods' shims fold into one line. */
const MAX_OTHER_SHIMS = 6;

/**
 * The node's processes at the playhead as `ps -ejH` would nest them, inside the host kernel:
 * the kubelet and the CRI runtime, one shim per Pod with the Pod's containers under it, and the
 * runtime's short-lived processes (`runc create`, `runc init` and its stages) while they exist.
 */
export function ProcessTree({ model, focus }: { model: NodeModel; focus: string | undefined }) {
  const t = useT();
  const shims = model.processes.filter((p) => p.role === 'shim');
  const rest = model.processes.filter((p) => p.role !== 'shim');
  const shown = shims.length > MAX_OTHER_SHIMS + 1 ? shims.filter((s) => s.container === focus) : shims;
  const hidden = shims.length - shown.length;
  return (
    <div className="ka-node-kernel" data-testid="node-processes">
      <div className="ka-node-kernel-title">
        <span className="ka-node-kernel-name">{t('node.hostKernel')}</span>
        {model.nodeInfo?.kernelVersion && <code>{model.nodeInfo.kernelVersion}</code>}
      </div>
      <ul className="ka-node-tree" role="tree" aria-label={t('node.processes')}>
        <li role="treeitem" aria-expanded="true" aria-selected="false" className="ka-node-proc is-pid1">
          <ProcRow name={model.pid1 ?? t('node.pid1')} pid={1} role="daemon" />
          <ul role="group">
            {[...rest, ...shown].map((p) => (
              <ProcNode key={p.key} p={p} focus={focus} />
            ))}
            {hidden > 0 && <li className="ka-node-more">{t('node.moreShims', { n: hidden })}</li>}
          </ul>
        </li>
      </ul>
      <p className="ka-node-legend">
        <span className="ka-node-swatch is-daemon" /> {t('node.legend.daemon')} <span className="ka-node-swatch is-shim" /> {t('node.legend.shim')} <span className="ka-node-swatch is-cli" /> {t('node.legend.runtime')} <span className="ka-node-swatch is-init" /> {t('node.legend.container')}
      </p>
    </div>
  );
}

function ProcNode({ p, focus }: { p: ProcessView; focus: string | undefined }) {
  const focused = focus !== undefined && (p.role === 'shim' ? p.container === focus : false);
  return (
    <li role="treeitem" aria-selected={focused} aria-expanded={p.children.length > 0 ? true : undefined} className={`ka-node-proc${focused ? ' is-focus' : ''}`} data-process={p.name} data-pid={p.pid} data-role={p.role}>
      <ProcRow name={p.name} role={p.role} {...(p.pid !== undefined ? { pid: p.pid } : {})} view={p} />
      {p.children.length > 0 && (
        <ul role="group">
          {p.children.map((c) => (
            <ProcNode key={c.key} p={c} focus={focus} />
          ))}
        </ul>
      )}
    </li>
  );
}

function ProcRow({ name, pid, role, view }: { name: string; pid?: number; role: ProcessView['role']; view?: ProcessView }) {
  const t = useT();
  const kind = role === 'helper' || role === 'cli' ? 'cli' : role;
  const argv = view?.argv && view.argv.length > 0 ? view.argv.join(' ') : undefined;
  return (
    <span className={`ka-node-proc-row is-${kind}`} title={argv}>
      <span className={`ka-node-pid${pid === undefined ? ' is-unknown' : ''}`} title={pid === undefined ? t('node.noPid') : undefined}>
        {pid ?? '–'}
      </span>
      <code className="ka-node-proc-name">{name}</code>
      {view?.containerName && (view.role === 'init' || view.role === 'helper') && <span className="ka-node-tag">{view.containerName}</span>}
      {view?.role === 'shim' && view.pod && <span className="ka-node-tag is-pod">{view.pod.split('/')[1]}</span>}
      {view?.pid1 && (
        <span className="ka-node-flag" title={t('node.pidOneTitle')}>
          {t('node.pidOne')}
        </span>
      )}
      {view?.waiting && <span className="ka-node-flag is-wait">{t('node.waitingFifo')}</span>}
    </span>
  );
}
