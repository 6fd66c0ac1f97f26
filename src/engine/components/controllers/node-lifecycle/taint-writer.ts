import { toRfc3339 } from '../../../../base/time.ts';
import type { Node, Taint } from '../../../../domain/k8s/objects.ts';
import { addOrUpdateTaints, removeTaints, taintExists } from '../../../../domain/nodelifecycle/taints.ts';
import type { ApiClient } from '../../../api/client.ts';
import type { Simulation } from '../../../runtime/simulation.ts';

/** UpdateTaintBackoff (pkg/controller/controller_utils.go): 5 tries, 100 ms apart. */
const TAINT_UPDATE_TRIES = 5;
const TAINT_UPDATE_RETRY = 100_000;

/**
 * SwapNodeControllerTaint (pkg/controller/util/node/controller_utils.go): stamps the taints to
 * add with timeAdded = now, then AddOrUpdateTaintOnNode and RemoveTaintOffNode
 * (pkg/controller/controller_utils.go). Each one GETs the Node (the first try from the
 * apiserver's cache, `resourceVersion=0`, a retry after a conflict from etcd), and PATCHes
 * `spec.taints` with a strategic merge patch that carries the resourceVersion it read, so a
 * concurrent change gives a 409 and another try. Nothing is sent when there is nothing to
 * change: RemoveTaintOffNode first looks at the Node it was handed.
 */
export function swapNodeTaints(sim: Simulation, client: ApiClient, node: Node, add: readonly Taint[], remove: readonly Taint[], cause: number, done: (ok: boolean, seq: number) => void): void {
  const now = toRfc3339(sim.timeOrigin, sim.now);
  const stamped = add.map((t) => ({ ...t, timeAdded: now }));
  const name = node.metadata.name ?? '';
  const removeStep = (seq: number): void => {
    if (remove.length === 0 || !remove.some((t) => taintExists(node.spec?.taints, t))) {
      done(true, seq);
      return;
    }
    patchTaints(sim, client, name, (taints) => removeTaints(taints, remove), seq, done);
  };
  if (stamped.length === 0) {
    removeStep(cause);
    return;
  }
  patchTaints(sim, client, name, (taints) => addOrUpdateTaints(taints, stamped), cause, (ok, seq) => (ok ? removeStep(seq) : done(false, seq)));
}

/** The GET + PATCH of one taint change, retried on conflict. */
function patchTaints(sim: Simulation, client: ApiClient, name: string, change: (taints: Taint[] | undefined) => { taints: Taint[]; changed: boolean }, cause: number, done: (ok: boolean, seq: number) => void, attempt = 0): void {
  const query: Record<string, string> | undefined = attempt === 0 ? { resourceVersion: '0' } : undefined;
  client.request('GET', `/api/v1/nodes/${name}`, { cause, ...(query ? { query } : {}) }, (res, d) => {
    if (res.code !== 200) {
      done(false, d.seq);
      return;
    }
    const current = res.body as Node;
    const next = change(current.spec?.taints);
    if (!next.changed) {
      done(true, d.seq);
      return;
    }
    // PatchNodeTaints: spec.taints has no merge key, so the list is replaced whole, and the
    // resourceVersion makes it conditional.
    const body = { metadata: { resourceVersion: current.metadata.resourceVersion }, spec: { taints: next.taints } };
    client.request('PATCH', `/api/v1/nodes/${name}`, { body, contentType: 'application/strategic-merge-patch+json', cause: d.seq }, (pr, pd) => {
      if (pr.code === 200) {
        done(true, pd.seq);
        return;
      }
      if (pr.code === 409 && attempt + 1 < TAINT_UPDATE_TRIES) {
        sim.after(TAINT_UPDATE_RETRY, () => patchTaints(sim, client, name, change, pd.seq, done, attempt + 1));
        return;
      }
      done(false, pd.seq);
    });
  });
}
