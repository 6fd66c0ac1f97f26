import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';
import { compactPath } from './format.ts';
import type { NsBox, NsRelation, PodView } from './model.ts';

/** Per column of a box: how that container got the namespace, by the syscall that did it. */
const MARK: Readonly<Record<NsRelation, string>> = { created: '★ unshare', joined: '↪ setns', host: '', inherited: '', none: '' };

/** The mark of a column: `★ clone` when the namespace was made by clone (systemd-nspawn), else MARK. */
function markOf(r: NsRelation, b: NsBox): string {
  const syscall = b.ns?.createdBy?.syscall.split('(')[0];
  return r === 'created' && syscall && syscall !== 'unshare' && !syscall.includes(' ') ? `★ ${syscall}` : MARK[r];
}

/**
 * The Pod's namespaces of each kind as boxes: a column for the host and for each container
 * (pause first); containers in the same namespace share one box, so the pause container's
 * net, ipc and uts boxes stretch over the app containers that joined them. ★ marks the
 * container whose runtime created the namespace (unshare), ↪ one that joined it (setns).
 */
export function NamespaceMatrix({ pod }: { pod: PodView }) {
  const t = useT();
  const cols = pod.containers.length + 1;
  const options = pod.namespaceOptions;
  return (
    <div className="ka-node-ns-wrap">
      {pod.rkt?.vmm && (
        <p className="ka-node-help" data-testid="node-ns-vm">
          {t('node.ns.inVm', { vmm: pod.rkt.vmm })}
        </p>
      )}
      <div className="ka-node-ns" style={{ gridTemplateColumns: `max-content minmax(0, 0.75fr) repeat(${cols - 1}, minmax(0, 1fr))` }} data-testid="node-namespaces" data-pod={pod.name} role="table" aria-label={t('node.namespaces')}>
        <div className="ka-node-ns-corner" role="columnheader" />
        <div className="ka-node-ns-col is-host" role="columnheader">
          {t('node.ns.host')}
        </div>
        {pod.containers.map((c) => (
          <div key={c.id} className={`ka-node-ns-col${c.pause ? ' is-pause' : ''}`} role="columnheader" title={c.id}>
            <code>{c.name}</code>
            {c.pid !== undefined && <span className="ka-node-pid">{c.pid}</span>}
          </div>
        ))}
        {pod.namespaces.map((row, r) => (
          <Row key={row.kind} kind={row.kind} boxes={row.boxes} rowIndex={r + 2} />
        ))}
      </div>
      {options && (
        <p className="ka-node-help" data-testid="node-ns-options">
          {t('node.ns.options')}{' '}
          <code>
            {(['network', 'pid', 'ipc'] as const)
              .filter((k) => typeof options[k] === 'string')
              .map((k) => `${k}: ${String(options[k])}`)
              .join(' · ')}
          </code>
        </p>
      )}
      <p className="ka-node-legend">
        <span className="ka-node-swatch is-ns-host" /> {t('node.ns.legendHost')} <span className="ka-node-swatch is-ns-pod" /> {t('node.ns.legendPod')} <span className="ka-node-swatch is-ns-own" /> {t('node.ns.legendOwn')} · <code>★ unshare</code> {t('node.ns.created')} · <code>↪ setns</code> {t('node.ns.joined')}
      </p>
    </div>
  );
}

function Row({ kind, boxes, rowIndex }: { kind: string; boxes: readonly NsBox[]; rowIndex: number }) {
  const t = useT();
  return (
    <>
      <div className="ka-node-ns-kind" style={{ gridRow: rowIndex, gridColumn: 1 }} role="rowheader">
        <code>{kind}</code>
      </div>
      {boxes.map((b) => {
        const scope = !b.ns ? 'none' : b.ns.host ? 'host' : b.to - b.from >= 1 || b.ns.path ? 'pod' : 'own';
        const label = !b.ns ? '—' : b.ns.host ? t('node.ns.host') : b.ns.createdBy ? t('node.ns.createdBy', { who: b.ns.createdBy.who }) : t('node.ns.unknownOrigin');
        const title = boxTitle(b, t);
        return (
          <div
            key={`${kind}-${b.from}`}
            className={`ka-node-ns-box is-${scope}`}
            style={{ gridRow: rowIndex, gridColumn: `${b.from + 2} / ${b.to + 3}` }}
            role="cell"
            title={title}
            data-ns-kind={kind}
            data-ns-key={b.ns?.key}
            data-from={b.from}
            data-to={b.to}
            data-scope={scope}
            {...(b.ns?.path ? { 'data-path': b.ns.path } : {})}
            {...(b.ns?.joinPath ? { 'data-join-path': b.ns.joinPath } : {})}
            data-relations={b.relations.join(' ')}
          >
            <span className="ka-node-ns-label">{label}</span>
            {b.ns?.path && <code className="ka-node-ns-path">{b.ns.path.split('/').pop()}</code>}
            {b.relations.some((r) => MARK[r]) && (
              <span className="ka-node-ns-marks" style={{ gridTemplateColumns: `repeat(${b.to - b.from + 1}, minmax(0, 1fr))` }}>
                {b.relations.map((r, i) => (
                  <span key={i} className={`is-${r}`}>
                    {markOf(r, b)}
                  </span>
                ))}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

function boxTitle(b: NsBox, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (!b.ns) return t('node.ns.noProcess');
  if (b.ns.host) return t('node.ns.hostTitle', { kind: b.ns.kind });
  const lines: string[] = [];
  const c = b.ns.createdBy;
  if (c) lines.push(`${c.syscall} — ${c.proc}${c.pid !== undefined ? ` (${c.pid})` : ''}`);
  if (b.ns.path) lines.push(compactPath(b.ns.path));
  if (b.ns.joinPath) lines.push(`setns(${compactPath(b.ns.joinPath)})`);
  return lines.join('\n');
}
