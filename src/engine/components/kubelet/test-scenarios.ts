import type { Pod } from '../../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario, type RunResult } from '../../scenario/runner.ts';

/** Helpers shared by the kubelet's scenario tests; nothing outside tests imports this file. */

export const SECOND = 1_000_000;

/** Runs a one-node scenario: `kubectl get pods -w` in a second terminal, the manifests applied, then the steps. */
export function runPods(manifests: string, steps: string, seed = 1): RunResult {
  const indented = manifests
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  const text = `seed: ${seed}
cluster:
  nodes:
    - name: node-1
steps:
  - run: kubectl get pods -w
  - run: kubectl apply -f -
    stdin: |
${indented}
${steps}`;
  return runScenario(parseScenario(text, 'kubelet.scenario.yaml'));
}

export function output(r: RunResult, command: string, nth = 0): string {
  return r.outputs.filter((o) => o.command === command)[nth]?.stdout ?? '';
}

/** The rows `kubectl get pods -w` printed for one pod, as [STATUS, RESTARTS]. */
export function watchRows(r: RunResult, pod: string): [string, string][] {
  return output(r, 'kubectl get pods -w')
    .split('\n')
    .filter((l) => l.startsWith(`${pod} `))
    .map((l) => {
      const cols = l.trim().split(/\s{2,}/);
      return [cols[2] ?? '', cols[3] ?? ''];
    });
}

/** The kubelet's Events about a pod, in order, as "Reason: message". */
export function podEvents(r: RunResult, pod: string): string[] {
  return r.events.filter((e) => e.kind === 'event' && e.actor === 'kubelet/node-1' && e.ref?.name === pod).map((e) => `${String(e.attrs?.reason)}: ${String(e.attrs?.message)}`);
}

/** CRI requests the kubelet sent, by RPC name. */
export function criCalls(r: RunResult, op: string): TraceEvent[] {
  return r.events.filter((e) => e.kind === 'message' && e.actor === 'kubelet/node-1' && e.op === op);
}

/** Every version of a pod the apiserver stored. */
export function podVersions(r: RunResult, name: string): { t: number; pod: Pod }[] {
  return r.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'Pod' && e.ref.name === name && e.attrs?.object).map((e) => ({ t: e.t, pod: e.attrs?.object as Pod }));
}

/** When the runtime saw a container of the pod exit (the shim's TaskExit), in order. */
export function exits(r: RunResult, pod: string): number[] {
  return r.events.filter((e) => e.kind === 'span' && e.actor === 'containerd/node-1' && e.op === 'TaskExit' && e.ref?.name === pod).map((e) => e.t);
}

/** When a container of the pod started (the StartContainer answers). */
export function starts(r: RunResult, pod: string): number[] {
  return r.events.filter((e) => e.kind === 'message' && e.actor === 'containerd/node-1' && e.op === 'StartContainerResponse' && e.ref?.name === pod).map((e) => e.t);
}
