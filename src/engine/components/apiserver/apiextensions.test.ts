import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

const CRD = `
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1}
                      color: {type: string, enum: [red, blue]}
`;

const widget = (name: string, spec: string): string => `
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: ${name}}
      spec: ${spec}
`;

function run(): ReturnType<typeof runScenario> {
  const yaml = `
seed: 3
cluster:
  nodes: [{name: node-1, cpu: "2", memory: 4Gi, pods: 10, runtime: containerd+runc}]
steps:
  - run: kubectl get widgets
  - run: kubectl apply -f -
    stdin: |${CRD}
  - run: kubectl get crd widgets.example.com -o yaml
  - wait: 1s
  - run: kubectl apply -f -
    stdin: |${widget('a', '{size: 0}')}
  - run: kubectl apply -f -
    stdin: |${widget('a', '{size: 2, color: green}')}
  - run: kubectl apply -f -
    stdin: |${widget('a', '{color: red}')}
  - run: kubectl apply -f -
    stdin: |${widget('a', '{size: 2, color: red, extra: 1}')}
  - run: kubectl get wg
  - run: kubectl get Widget a -o yaml
  - run: kubectl delete widget a
  - run: kubectl get widgets.example.com
`;
  return runScenario(parseScenario(yaml, 'crd.scenario.yaml'));
}

describe('kube-apiserver: CustomResourceDefinitions (apiextensions-apiserver)', () => {
  const result = run();
  const out = result.outputs;

  it('does not serve a resource before its CRD exists, then stores the CRD under its group prefix', () => {
    expect(out[0]?.stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    expect(out[1]?.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    const put = result.events.find((e) => e.actor === 'kube-apiserver' && e.op === 'Txn' && e.attrs?.key === '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com');
    expect(put).toBeDefined();
  });

  it('sets NamesAccepted, then Established, through the loopback client', () => {
    const statusWrites = result.events.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver' && e.to === 'kube-apiserver' && e.op === 'PUT /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com/status');
    expect(statusWrites).toHaveLength(2);
    const crdStates = result.events
      .filter((e) => e.kind === 'object' && e.ref?.kind === 'CustomResourceDefinition')
      .map((e) => ((e.attrs?.object as { status?: { conditions?: { type: string; status: string; reason: string }[] } }).status?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`).join(','));
    expect(crdStates).toEqual(['', 'NamesAccepted=True/NoConflicts,Established=False/Installing', 'NamesAccepted=True/NoConflicts,Established=True/InitialNamesAccepted']);
  });

  it('validates custom resources against openAPIV3Schema with the apiserver\'s messages', () => {
    expect(out[3]?.stderr).toBe('Error from server (Invalid): error when creating "STDIN": Widget.example.com "a" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1\n');
    expect(out[4]?.stderr).toBe('Error from server (Invalid): error when creating "STDIN": Widget.example.com "a" is invalid: spec.color: Unsupported value: "green": supported values: "red", "blue"\n');
    expect(out[5]?.stderr).toBe('Error from server (Invalid): error when creating "STDIN": Widget.example.com "a" is invalid: spec.size: Required value\n');
  });

  it('serves create, list, get and delete at /apis/<group>/<version>, stored at /registry/<group>/<plural>/<ns>/<name>', () => {
    expect(out[6]?.stdout).toBe('widget.example.com/a created\n');
    expect(result.events.some((e) => e.op === 'Txn' && e.attrs?.key === '/registry/example.com/widgets/default/a')).toBe(true);
    expect(out[7]?.stdout).toMatch(/^NAME {3}AGE\na {6}\d+s\n$/);
    // Pruned: the unknown spec.extra is not stored; generation starts at 1.
    expect(out[8]?.stdout).toContain('  size: 2\n');
    expect(out[8]?.stdout).not.toContain('\n  extra: 1\n');
    expect(out[8]?.stdout).toContain('generation: 1\n');
    expect(out[9]?.stdout).toBe('widget.example.com "a" deleted\n');
    expect(out[10]?.stderr).toBe('No resources found in default namespace.\n');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run().events)).toBe(JSON.stringify(result.events));
  });
});
