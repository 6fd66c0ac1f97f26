import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { BLUEGREEN_CONTROLLER, BlueGreenController } from './bluegreen-controller.ts';

/**
 * The operators a scenario installs: an operator runs when the scenario's initial objects hold
 * its Deployment (`bluegreen-controller`), as `kubectl apply -f` of its install manifest would
 * have left it. Its process runs on the node its Pod is pinned to (spec.template.spec.nodeName),
 * else on `fallbackHost`. A scenario without one gets no operator, so its trace is unchanged.
 */
export function startOperators(sim: Simulation, objects: readonly KubeObject[], fallbackHost: string): BlueGreenController[] {
  const out: BlueGreenController[] = [];
  for (const obj of objects) {
    if (obj.kind !== 'Deployment' || obj.metadata.name !== BLUEGREEN_CONTROLLER) continue;
    const host = (obj.spec as { template?: { spec?: { nodeName?: string } } } | undefined)?.template?.spec?.nodeName ?? fallbackHost;
    const controller = new BlueGreenController(sim, host);
    sim.network.register(controller);
    controller.start();
    out.push(controller);
  }
  return out;
}
