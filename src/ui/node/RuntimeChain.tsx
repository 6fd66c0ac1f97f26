import { Fragment } from 'react';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';
import type { ChainView, HopVia } from './chain.ts';

const VIA: Readonly<Record<HopVia, MessageKey>> = {
  cri: 'node.chain.via.cri',
  'in-process': 'node.chain.via.in-process',
  'engine-api': 'node.chain.via.engine-api',
  grpc: 'node.chain.via.grpc',
  ttrpc: 'node.chain.via.ttrpc',
  'fork-exec': 'node.chain.via.fork-exec',
  execve: 'node.chain.via.execve',
};

/**
 * The request path of the node's runtime (chain.ts), left to right: each hop by its process
 * name, each arrow by how it is reached; a hop the trace has not reached yet at the playhead is
 * dimmed, a reached one says how many calls came down and the first one.
 */
export function RuntimeChain({ chain }: { chain: ChainView }) {
  const t = useT();
  return (
    <ol className="ka-node-chain" data-testid="node-chain" data-kind={chain.chain.kind}>
      {chain.chain.hops.map((hop, i) => {
        const link = chain.links[i];
        const reached = i === 0 || (link?.calls ?? 0) > 0;
        const title = i === 0 ? undefined : reached ? t('node.chain.calls', { calls: String(link?.calls ?? 0), op: link?.firstOp ?? '' }) : t('node.chain.notYet');
        return (
          <Fragment key={hop.component}>
            {hop.via && (
              <li className="ka-node-chain-via" title={t(VIA[hop.via])} aria-label={t(VIA[hop.via])}>
                →
              </li>
            )}
            <li className={`ka-node-chain-hop${reached ? ' is-reached' : ''}`} data-hop={hop.component} data-calls={link?.calls ?? 0} {...(title ? { title } : {})}>
              <code>{hop.name}</code>
              {hop.perContainer && reached && <span className="ka-node-chain-count">{t('node.chain.perContainer', { count: String(link?.containers ?? 0) })}</span>}
            </li>
          </Fragment>
        );
      })}
    </ol>
  );
}
