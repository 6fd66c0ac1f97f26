import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/useT.ts';
import { BoundaryStack } from './BoundaryStack.tsx';
import { CgroupTree } from './CgroupTree.tsx';
import type { NodeModel, PodView } from './model.ts';
import { MountsView } from './MountsView.tsx';
import { NamespaceMatrix } from './NamespaceMatrix.tsx';
import { ProcessTree } from './ProcessTree.tsx';
import { RuntimeChain } from './RuntimeChain.tsx';
import { useNodeModel, type NodeEntry } from './useNodeModel.ts';

export interface NodeColumnProps {
  entry: NodeEntry;
  /** `namespace/name` of the Pod to open first (the selected one). */
  focusPod?: string;
  /** Side by side with another node: tighter spacing. */
  compact?: boolean;
}

/** One node's internals: the boundary, the process tree, a Pod's namespaces and mounts, the cgroup tree. */
export function NodeColumn({ entry, focusPod, compact = false }: NodeColumnProps) {
  const t = useT();
  const model = useNodeModel(entry);
  // A Pod picked here holds until another Pod is selected in the cluster.
  const [pick, setPick] = useState<{ pod: string; under: string | undefined } | undefined>(undefined);
  if (!model) return null;
  const pods = model.pods;
  const picked = pick && pick.under === focusPod ? pick.pod : undefined;
  const pod = findPod(pods, picked) ?? findPod(pods, focusPod) ?? pods.find((p) => p.state === 'SANDBOX_READY') ?? pods[0];

  return (
    <div className={`ka-node-col${compact ? ' is-compact' : ''}`} data-testid="node-column" data-node={model.node} data-runtime={model.runtime.low}>
      <NodeSummary model={model} />
      <Section title={t('node.boundary')} testId="node-boundary-section">
        <BoundaryStack model={model} pod={pod} />
      </Section>
      {model.chain && (
        <Section title={t('node.chain')} testId="node-chain-section">
          <RuntimeChain chain={model.chain} />
        </Section>
      )}
      <Section title={t('node.processes')} testId="node-processes-section">
        <ProcessTree model={model} focus={pod?.sandboxId} />
      </Section>
      {focusPod && !findPod(pods, focusPod) && model.started && (
        <p className="ka-node-help" data-testid="node-no-sandbox">
          {t('node.noSandbox', { pod: focusPod.split('/')[1] ?? focusPod })}
        </p>
      )}
      {pods.length === 0 ? (
        <p className="ka-empty-note">{t(model.started ? 'node.noPods' : 'node.notStarted')}</p>
      ) : (
        <>
          <div className="ka-node-pods" role="group" aria-label={t('node.pods')} data-testid="node-pods">
            {pods.map((p) => {
              const key = `${p.namespace}/${p.name}`;
              const on = p === pod;
              return (
                <button key={p.sandboxId} type="button" className={`ka-node-pod${on ? ' is-on' : ''}`} aria-pressed={on} data-pod={p.name} data-state={p.state} onClick={() => setPick({ pod: key, under: focusPod })}>
                  {p.name}
                </button>
              );
            })}
          </div>
          {pod && (
            <>
              <Section title={t('node.namespaces')} hint={pod.name} testId="node-namespaces-section">
                <NamespaceMatrix pod={pod} />
              </Section>
              <Section title={t('node.mounts')} hint={pod.name} testId="node-mounts-section">
                <MountsView key={pod.sandboxId} pod={pod} />
              </Section>
            </>
          )}
        </>
      )}
      <Section title={t('node.cgroups')} testId="node-cgroups-section">
        <CgroupTree root={model.cgroups} focus={pod?.sandboxId} />
      </Section>
    </div>
  );
}

function findPod(pods: readonly PodView[], key: string | undefined): PodView | undefined {
  return key ? pods.find((p) => `${p.namespace}/${p.name}` === key) : undefined;
}

/** The node's identity line: kernel, OS, the runtimes it reports. */
function NodeSummary({ model }: { model: NodeModel }) {
  const t = useT();
  const info = model.nodeInfo;
  return (
    <p className="ka-node-summary" data-testid="node-summary">
      <strong>{model.node}</strong>
      {info?.kernelVersion && (
        <span title={t('node.kernelVersion')}>
          Linux <code>{info.kernelVersion}</code>
        </span>
      )}
      {info?.osImage && <span>{info.osImage}</span>}
      <span title={t('node.runtimes')}>
        <code>{info?.containerRuntimeVersion ?? model.runtime.high}</code> → <code>{model.runtime.low || '?'}</code>
      </span>
    </p>
  );
}

/** A foldable section with a heading (open by default, so a presenter can fold what is not the point). */
function Section({ title, hint, testId, children }: { title: string; hint?: string; testId: string; children: ReactNode }) {
  return (
    <details className="ka-node-sec" open data-testid={testId}>
      <summary>
        <h3>{title}</h3>
        {hint && <span className="ka-node-sec-hint">{hint}</span>}
      </summary>
      {children}
    </details>
  );
}
