import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { HELLO_DEPLOYMENT, helloScenario, testNode } from '../testing/hello-scenario.ts';
import { runScenario } from './runner.ts';
import { DEFAULT_SETTLE_HORIZON, ScenarioError } from './types.ts';

describe('runScenario with objects present at t = 0', () => {
  it('reconciles a Deployment that already exists, with its etcd Put at bootstrap', () => {
    const deployment = parse(HELLO_DEPLOYMENT) as KubeObject;
    const result = runScenario(
      helloScenario({
        objects: [deployment],
        steps: [
          { type: 'until', line: 1, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
          { type: 'run', line: 2, command: 'kubectl get pods' },
        ],
      }),
    );
    const bootstrapPut = result.events.find((e) => e.kind === 'span' && e.op === 'Put' && e.attrs?.key === '/registry/deployments/default/web');
    expect(bootstrapPut?.attrs?.bootstrap).toBe(true);
    const rows = (result.outputs[0]?.stdout ?? '').trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.includes('Running'))).toBe(true);
  });

  it('names the node line when a runtime is not simulated yet', () => {
    const scenario = helloScenario({ cluster: { controlPlane: 'control-plane', nodes: [{ ...testNode('node-1', 7), runtime: 'containerd+youki' }] } });
    expect(() => runScenario(scenario)).toThrow(ScenarioError);
    expect(() => runScenario(scenario)).toThrow(/hello-deployment\.scenario\.yaml:7:1: runtime "containerd\+youki" of node "node-1" is not simulated yet/);
  });

  it('reports what kubectl reports for a second create of the same name and an invalid object', () => {
    const result = runScenario(
      helloScenario({
        steps: [
          { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
          { type: 'run', line: 2, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
          { type: 'run', line: 3, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT.replace('image: nginx:1.27', 'image: ""').replace('name: web\n', 'name: broken\n') },
          { type: 'run', line: 4, command: 'kubectl get podz' },
        ],
      }),
    );
    expect(result.outputs[1]?.stdout).toBe('deployment.apps/web unchanged\n');
    expect(result.outputs[2]?.exitCode).toBe(1);
    expect(result.outputs[2]?.stderr).toBe('Error from server (Invalid): error when creating "STDIN": Deployment.apps "broken" is invalid: spec.template.spec.containers[0].image: Required value\n');
    expect(result.outputs[3]?.stderr).toBe('error: the server doesn\'t have a resource type "podz"\n');
  });
});
