import { DEFAULT_SETTLE_HORIZON, DEFAULT_TIME_ORIGIN, type NodeSpecInScenario, type Scenario } from '../scenario/types.ts';

/** The hello-deployment manifest: 3 nginx replicas. */
export const HELLO_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

export function testNode(name: string, line = 1): NodeSpecInScenario {
  return { name, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], runtime: 'containerd+runc', line };
}

/**
 * The hello-deployment scenario built in code, so engine tests do not depend on the scenario
 * parser: a Deployment of 3 nginx replicas on 2 nodes, then the usual `kubectl get`s.
 */
export function helloScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    file: 'hello-deployment.scenario.yaml',
    seed: 1,
    timeOrigin: DEFAULT_TIME_ORIGIN,
    cluster: { controlPlane: 'control-plane', nodes: [testNode('node-1'), testNode('node-2')] },
    objects: [],
    steps: [
      { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
      { type: 'until', line: 2, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
      { type: 'run', line: 3, command: 'kubectl get deployments' },
      { type: 'run', line: 4, command: 'kubectl get replicasets' },
      { type: 'run', line: 5, command: 'kubectl get pods -o wide' },
      { type: 'run', line: 6, command: 'kubectl get events' },
    ],
    ...overrides,
  };
}
