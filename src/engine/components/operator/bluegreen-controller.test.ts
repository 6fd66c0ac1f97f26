import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

const FILE = new URL('../../../../examples/crd-bluegreen.scenario.yaml', import.meta.url);
const run = (): ReturnType<typeof runScenario> => runScenario(parseScenario(readFileSync(FILE, 'utf8'), 'examples/crd-bluegreen.scenario.yaml'));

type Obj = { metadata: { name?: string }; spec?: { replicas?: number; selector?: Record<string, string> }; status?: { availableReplicas?: number } };
const obj = (e: TraceEvent): Obj => e.attrs?.object as Obj;

describe('bluegreen-controller (an operator on the informer → workqueue → reconcile loop)', () => {
  const result = run();
  const ev = result.events;
  const byController = ev.filter((e) => e.actor === 'bluegreen-controller');

  it('waits for its CRD: the first lists get 404, the watch starts once the CRD is Established', () => {
    const established = ev.findIndex((e) => e.kind === 'object' && e.ref?.kind === 'CustomResourceDefinition' && JSON.stringify(e.attrs?.object).includes('"InitialNamesAccepted"'));
    expect(established).toBeGreaterThan(0);
    const lists = ev.filter((e) => e.kind === 'message' && e.to === 'bluegreen-controller' && e.ref === undefined && String(e.op).startsWith('404'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((e) => ev.indexOf(e) < established)).toBe(true);
  });

  it('creates the active colour and the Service on the first custom resource', () => {
    const posts = byController.filter((e) => e.kind === 'message' && String(e.op).startsWith('POST ') && !String(e.op).includes('/events'));
    expect(posts.map((e) => e.op).slice(0, 2)).toEqual(['POST /apis/apps/v1/namespaces/default/deployments', 'POST /api/v1/namespaces/default/services']);
  });

  it('switches the Service only after the new colour is available, then scales the old colour to 0', () => {
    const idx = (pred: (e: TraceEvent) => boolean): number => ev.findIndex(pred);
    const greenAvailable = idx((e) => e.kind === 'object' && e.ref?.kind === 'Deployment' && e.ref.name === 'web-green' && obj(e).status?.availableReplicas === 2);
    const switched = idx((e) => e.kind === 'object' && e.ref?.kind === 'Service' && obj(e).spec?.selector?.['rollouts.example.com/color'] === 'green');
    const blueZero = idx((e) => e.kind === 'object' && e.ref?.kind === 'Deployment' && e.ref.name === 'web-blue' && obj(e).spec?.replicas === 0);
    expect(greenAvailable).toBeGreaterThan(0);
    expect(switched).toBeGreaterThan(greenAvailable);
    expect(blueZero).toBeGreaterThan(switched);
    const reasons = ev.filter((e) => e.kind === 'event' && e.actor === 'bluegreen-controller').map((e) => e.attrs?.reason);
    expect(reasons).toEqual(['CreatedDeployment', 'CreatedService', 'CreatedDeployment', 'DeployingPreview', 'SwitchedTraffic', 'ScaledDown']);
  });

  it('runs its rollout as a state machine: steady → deployingPreview → switchingTraffic → scalingDown → steady', () => {
    const states = ev.filter((e) => e.kind === 'state' && e.actor === 'bluegreen-controller' && e.attrs?.machine === 'bluegreen-rollout').map((e) => e.op);
    expect(states).toEqual(['steady', 'deployingPreview', 'switchingTraffic', 'scalingDown', 'steady']);
  });

  it('prints the custom resource with its printer columns', () => {
    const gets = result.outputs.filter((o) => o.command === 'kubectl get bgd' || o.command === 'kubectl get bluegreendeployments');
    expect(gets[0]?.stdout).toMatch(/^NAME {3}ACTIVE {3}REPLICAS {3}AGE\nweb {4}blue {5}2 {10}\d+s\n$/);
    expect(gets[1]?.stdout).toMatch(/^NAME {3}ACTIVE {3}REPLICAS {3}AGE\nweb {4}green {4}2 {10}\d+s\n$/);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run().events)).toBe(JSON.stringify(ev));
  });
});
