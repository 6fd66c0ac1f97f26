import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

// containerd cmd/ctr/commands/containers (ls: CONTAINER IMAGE RUNTIME) and tasks (ls: TASK PID
// STATUS), through the native API; the CRI plugin's containers are in namespace k8s.io.
const SCENARIO = `
seed: 3
cluster:
  nodes:
    - name: node-1
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers: [{name: nginx, image: "nginx:1.27"}]
  - until: settled
  - run: ssh node-1 ctr -n k8s.io containers ls
  - run: ssh node-1 ctr --namespace=k8s.io tasks ls
  - run: ssh node-1 ctr containers ls
  - run: ssh node-1 CONTAINERD_NAMESPACE=k8s.io ctr c ls
  - run: ssh node-1 ctr images pull nginx
  - run: ssh node-1 docker ps
`;

describe('ctr on a Kubernetes node', () => {
  const result = runScenario(parseScenario(SCENARIO, 'ctr.scenario.yaml'));
  const out = (i: number) => result.outputs[i];

  it('lists the CRI plugin\'s pause and app containers in k8s.io', () => {
    const lines = (out(1)?.stdout ?? '').split('\n');
    expect(lines[0]).toBe('CONTAINER                                                           IMAGE                           RUNTIME                  ');
    expect(lines.filter((l) => /^[0-9a-f]{64} {4}registry\.k8s\.io\/pause:3\.10 {6}io\.containerd\.runc\.v2 {4}$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^[0-9a-f]{64} {4}docker\.io\/library\/nginx:1\.27 +io\.containerd\.runc\.v2 {4}$/.test(l))).toHaveLength(1);
    expect(out(4)?.stdout).toBe(out(1)?.stdout);
  });

  it('lists their tasks running, with the inits\' pids', () => {
    const rows = (out(2)?.stdout ?? '').split('\n').slice(1).filter(Boolean);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatch(/^[0-9a-f]{64} {4}\d{4} {4}RUNNING {4}$/);
  });

  it('has nothing in the default namespace, and says what it does not simulate', () => {
    expect(out(3)?.stdout).toBe('CONTAINER    IMAGE    RUNTIME    \n');
    expect(out(5)).toMatchObject({ exitCode: 1, stderr: "ctr: No help topic for 'images pull'\n" });
    expect(out(6)).toMatchObject({ exitCode: 127 });
  });
});
