import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../src/engine/index.ts';
import { DEFAULT_TIME_ORIGIN, type NodeSpecInScenario, type Scenario, type ScenarioStep } from '../src/engine/scenario/types.ts';

/**
 * The benchmark cases: the default scenario, and clusters up to Kubernetes' documented limits
 * for one cluster ("Considerations for large clusters": at most 5,000 nodes, 150,000 pods in
 * total, 110 pods per node). The sizes in between show progress when the full size is too slow.
 */

/** `--size` picks every case up to and including that size. */
export type Size = 'small' | 'medium' | 'large' | 'limits';
export const SIZES: readonly Size[] = ['small', 'medium', 'large', 'limits'];

export interface BenchCase {
  id: string;
  size: Size;
  nodes: number;
  pods: number;
  /** What the case is, for the table. */
  title: string;
  build(): Scenario;
}

const HELLO = fileURLToPath(new URL('../examples/hello-deployment.scenario.yaml', import.meta.url));
const SECOND = 1_000_000;

/** Pods per Deployment in the cluster cases: 100 replicas, as in the limits' 1,500 × 100. */
const REPLICAS = 100;
/** Deployments per `kubectl apply -f -` step: one apply of a 100-document file. */
const DEPLOYMENTS_PER_APPLY = 100;

export const CASES: readonly BenchCase[] = [
  {
    id: 'hello',
    size: 'small',
    nodes: 2,
    pods: 3,
    title: 'examples/hello-deployment.scenario.yaml',
    build: () => parseScenario(readFileSync(HELLO, 'utf8'), 'hello-deployment.scenario.yaml'),
  },
  clusterCase('cluster-50', 'small', 50, 15, 30 * 60),
  clusterCase('cluster-500', 'medium', 500, 150, 60 * 60),
  clusterCase('cluster-1500', 'large', 1_500, 450, 2 * 60 * 60),
  clusterCase('limits', 'limits', 5_000, 1_500, 4 * 60 * 60),
];

/** Every case up to `size`, smallest first. */
export function casesUpTo(size: Size): BenchCase[] {
  const max = SIZES.indexOf(size);
  return CASES.filter((c) => SIZES.indexOf(c.size) <= max);
}

function clusterCase(id: string, size: Size, nodes: number, deployments: number, horizonSeconds: number): BenchCase {
  return {
    id,
    size,
    nodes,
    pods: deployments * REPLICAS,
    title: `${nodes.toLocaleString('en')} nodes, ${deployments.toLocaleString('en')} Deployments × ${REPLICAS}`,
    build: () => clusterScenario({ id, nodes, deployments, horizonSeconds }),
  };
}

/**
 * A cluster of `nodes` workers and `deployments` Deployments of 100 replicas, applied with
 * `kubectl apply -f -` 100 manifests at a time, then run `until: settled`. Built as a Scenario
 * object: a 150,000-pod YAML script would measure the YAML parser, not the cluster.
 */
export function clusterScenario(opts: { id: string; nodes: number; deployments: number; horizonSeconds: number; seed?: number }): Scenario {
  const nodes: NodeSpecInScenario[] = [];
  for (let i = 1; i <= opts.nodes; i++) {
    nodes.push({
      name: `node-${i}`,
      cpu: '16',
      memory: '64Gi',
      pods: 110,
      labels: { 'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}` },
      taints: [],
      runtime: 'containerd+runc',
      line: i,
    });
  }
  const steps: ScenarioStep[] = [];
  for (let first = 0; first < opts.deployments; first += DEPLOYMENTS_PER_APPLY) {
    const docs: string[] = [];
    for (let d = first; d < Math.min(first + DEPLOYMENTS_PER_APPLY, opts.deployments); d++) docs.push(deploymentYaml(`app-${d + 1}`));
    steps.push({ type: 'run', line: steps.length + 1, command: 'kubectl apply -f -', stdin: docs.join('---\n') });
  }
  steps.push({ type: 'until', line: steps.length + 1, condition: 'settled', horizon: opts.horizonSeconds * SECOND });
  return {
    file: `bench:${opts.id}`,
    seed: opts.seed ?? 1,
    timeOrigin: DEFAULT_TIME_ORIGIN,
    cluster: { controlPlane: 'control-plane', nodes },
    objects: [],
    steps,
  };
}

function deploymentYaml(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
  labels:
    app: ${name}
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
`;
}
