import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';

/**
 * The `command` events of a branch of hello-deployment, as the engine recorded them (plain data,
 * for the console's story and tests): the scenario's `kubectl apply` at 1 s, then, typed at
 * paused playheads, `kubectl get pods` (Pods still ContainerCreating), a Pod that does not exist
 * (NotFound on stderr, exit status 1), `kubectl scale deployment/web --replicas=5`, and
 * `kubectl get deployments` once the 5 replicas are available.
 */
export const consoleHeader: TraceHeader = {"format": "kube-anatomy-trace", "version": 1, "scenario": "hello-deployment.scenario.yaml", "seed": 1, "sources": ["sim"], "timeOrigin": "2026-01-01T09:00:00Z", "cluster": {"nodes": [{"name": "node-1", "runtime": "containerd+runc"}, {"name": "node-2", "runtime": "containerd+runc"}]}, "generator": "kube-anatomy 0.1.0"};

export const consoleEvents: TraceEvent[] = [
  {"seq": 604, "t": 1000000, "kind": "command", "actor": "user", "op": "kubectl apply -f -", "src": "sim", "attrs": {"phase": "start", "step": 0}},
  {"seq": 651, "t": 1005355, "kind": "command", "actor": "user", "op": "kubectl apply -f -", "src": "sim", "cause": 604, "attrs": {"phase": "exit", "step": 0, "exitCode": 0, "stdout": "deployment.apps/web created\n", "stderr": ""}},
  {"seq": 2023, "t": 3000000, "kind": "command", "actor": "user", "op": "kubectl get pods", "src": "sim", "attrs": {"phase": "start", "typed": true}},
  {"seq": 2033, "t": 3001495, "kind": "command", "actor": "user", "op": "kubectl get pods", "src": "sim", "cause": 2023, "attrs": {"phase": "exit", "typed": true, "exitCode": 0, "stdout": "NAME                   READY   STATUS              RESTARTS   AGE\nweb-64bf787f5f-7d6l9   0/1     ContainerCreating   0          2s\nweb-64bf787f5f-pxjvk   0/1     ContainerCreating   0          2s\nweb-64bf787f5f-xvgxn   0/1     ContainerCreating   0          2s\n", "stderr": ""}},
  {"seq": 2034, "t": 3101495, "kind": "command", "actor": "user", "op": "kubectl get pod nope", "src": "sim", "attrs": {"phase": "start", "typed": true}},
  {"seq": 2049, "t": 3103540, "kind": "command", "actor": "user", "op": "kubectl get pod nope", "src": "sim", "cause": 2034, "attrs": {"phase": "exit", "typed": true, "exitCode": 1, "stdout": "", "stderr": "Error from server (NotFound): pods \"nope\" not found\n"}},
  {"seq": 2050, "t": 3203540, "kind": "command", "actor": "user", "op": "kubectl scale deployment/web --replicas=5", "src": "sim", "attrs": {"phase": "start", "typed": true}},
  {"seq": 2083, "t": 3206850, "kind": "command", "actor": "user", "op": "kubectl scale deployment/web --replicas=5", "src": "sim", "cause": 2050, "attrs": {"phase": "exit", "typed": true, "exitCode": 0, "stdout": "deployment.apps/web scaled\n", "stderr": ""}},
  {"seq": 4778, "t": 12000000, "kind": "command", "actor": "user", "op": "kubectl get deployments", "src": "sim", "attrs": {"phase": "start", "typed": true}},
  {"seq": 4788, "t": 12001495, "kind": "command", "actor": "user", "op": "kubectl get deployments", "src": "sim", "cause": 4778, "attrs": {"phase": "exit", "typed": true, "exitCode": 0, "stdout": "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    5/5     5            5           11s\n", "stderr": ""}},
];
