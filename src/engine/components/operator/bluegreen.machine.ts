import { setup } from 'xstate';

/**
 * The rollout of one BlueGreenDeployment, as its controller sees it between syncs (one machine
 * per object, instance `<namespace>/<name>`):
 * - `steady`: the active colour's Deployment runs the current template and the Service selects it;
 * - `deployingPreview`: the template changed; the other colour's Deployment runs it, and the
 *   controller waits for its ReplicaSet to report every replica available;
 * - `switchingTraffic`: the preview is available; the Service selector is moved to it;
 * - `scalingDown`: the old colour's Deployment is scaled to 0, then the rollout is steady again.
 */
export const blueGreenMachine = setup({
  types: {} as { events: { type: 'NEW_TEMPLATE' } | { type: 'PREVIEW_AVAILABLE' } | { type: 'SERVICE_SWITCHED' } | { type: 'OLD_SCALED_DOWN' } | { type: 'IN_SYNC' } },
}).createMachine({
  id: 'bluegreen-rollout',
  initial: 'steady',
  states: {
    steady: { on: { NEW_TEMPLATE: 'deployingPreview' } },
    deployingPreview: { on: { PREVIEW_AVAILABLE: 'switchingTraffic', IN_SYNC: 'steady' } },
    switchingTraffic: { on: { SERVICE_SWITCHED: 'scalingDown' } },
    scalingDown: { on: { OLD_SCALED_DOWN: 'steady', NEW_TEMPLATE: 'deployingPreview' } },
  },
});
