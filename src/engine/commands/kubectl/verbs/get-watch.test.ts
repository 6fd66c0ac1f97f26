import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../../scenario/parse.ts';
import { runScenario, type StepOutput } from '../../../scenario/runner.ts';

/**
 * `kubectl get -w` in a second terminal, after k8s.io/kubectl/pkg/cmd/get/get.go (watch,
 * skipPrinter) and k8s.io/cli-runtime/pkg/printers (yaml.go: `---` between documents, json.go:
 * indented objects, metav1.WatchEvent marshalled compact for --output-watch-events).
 */

const outs = runScenario(
  parseScenario(
    `seed: 3
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
  - until: settled
  - run: kubectl get deployment web -o yaml
  - run: kubectl get deployment web -o json
  - run: kubectl get deployment web -w -o yaml
  - run: kubectl get deployments -w -o json
  - run: kubectl get deployments -w -o json --output-watch-events
  - run: kubectl get deployments -w -o yaml --output-watch-events
  - run: kubectl get deployments --watch-only -o yaml
  - run: kubectl get deployments -w -o name
  - run: kubectl get deployments -w
  - run: kubectl get deployments -w -o name --output-watch-events
  - run: kubectl scale deployment web --replicas=2
  - until: settled
`,
    'get-watch.scenario.yaml',
  ),
).outputs;

const by = (command: string): StepOutput => outs.find((o) => o.command === command) as StepOutput;
/** YAMLPrinter: a `---` line before every document but the first. */
const yamlDocs = (text: string): string[] => text.split(/^---\n/m);
/** JSONPrinter: objects one after another, each closed by a `}` at column 0. */
const jsonDocs = (text: string): string[] => text.split(/(?<=^\}\n)/m);
type Deployment = { kind: string; spec: { replicas: number }; metadata: { resourceVersion: string } };

describe('kubectl get -w -o yaml', () => {
  const named = by('kubectl get deployment web -w -o yaml');

  it('keeps running until the script ends, in a second terminal', () => {
    expect(named.exitCode).toBe(130);
    expect(named.stderr).toBe('');
  });

  it('prints the object as `get -o yaml` does, then each event as a new document after `---`', () => {
    const docs = yamlDocs(named.stdout);
    expect(named.stdout.startsWith('---')).toBe(false);
    expect(docs[0]).toBe(by('kubectl get deployment web -o yaml').stdout);
    expect(docs.length).toBeGreaterThanOrEqual(3);
    const parsed = docs.map((d) => parse(d) as Deployment);
    expect(parsed.every((d) => d.kind === 'Deployment')).toBe(true);
    expect(parsed[0]?.spec.replicas).toBe(1);
    expect(parsed.at(-1)?.spec.replicas).toBe(2);
    // Every event is a newer version.
    const rvs = parsed.map((d) => Number(d.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
  });

  it('with --watch-only leaves out what was there and prints the same events', () => {
    expect(by('kubectl get deployments --watch-only -o yaml').stdout).toBe(yamlDocs(named.stdout).slice(1).join('---\n'));
  });

  it('with --output-watch-events prints {object, type} documents, keys sorted', () => {
    const docs = yamlDocs(by('kubectl get deployments -w -o yaml --output-watch-events').stdout);
    expect(docs).toHaveLength(yamlDocs(named.stdout).length);
    expect(docs[0]).toMatch(/^object:\n {2}apiVersion: apps\/v1\n {2}kind: Deployment\n[\s\S]*\ntype: ADDED\n$/);
    for (const d of docs.slice(1)) expect(d).toMatch(/\ntype: MODIFIED\n$/);
    expect((parse(docs[1] as string) as { object: Deployment }).object.metadata.resourceVersion).toBe((parse(yamlDocs(named.stdout)[1] as string) as Deployment).metadata.resourceVersion);
  });
});

describe('kubectl get -w -o json', () => {
  const list = by('kubectl get deployments -w -o json');

  it('prints each object indented, one after another with no separator', () => {
    const docs = jsonDocs(list.stdout);
    expect(docs[0]).toBe(by('kubectl get deployment web -o json').stdout);
    expect(docs).toHaveLength(yamlDocs(by('kubectl get deployment web -w -o yaml').stdout).length);
    for (const d of docs) expect((JSON.parse(d) as Deployment).kind).toBe('Deployment');
    expect((JSON.parse(docs.at(-1) as string) as Deployment).spec.replicas).toBe(2);
  });

  it('with --output-watch-events prints one compact {"type","object"} line per event', () => {
    const lines = by('kubectl get deployments -w -o json --output-watch-events').stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(jsonDocs(list.stdout).length);
    expect(lines[0]).toMatch(/^\{"type":"ADDED","object":\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":\{/);
    for (const l of lines.slice(1)) expect(l.startsWith('{"type":"MODIFIED","object":{')).toBe(true);
    const events = lines.map((l) => JSON.parse(l) as { type: string; object: Deployment });
    expect(events.map((e) => e.object)).toEqual(jsonDocs(list.stdout).map((d) => JSON.parse(d)));
  });
});

describe('kubectl get -w -o name and the table', () => {
  it('prints a name per object and event', () => {
    const lines = by('kubectl get deployments -w -o name').stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(jsonDocs(by('kubectl get deployments -w -o json').stdout).length);
    expect(new Set(lines)).toEqual(new Set(['deployment.apps/web']));
  });

  it('keeps one table with a header, a row per event', () => {
    const lines = by('kubectl get deployments -w').stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME {3}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE$/);
    expect(lines[1]).toMatch(/^web {4}1\/1 {5}1 {12}1 {11}\d+s$/);
    expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
  });

  it('refuses -o name with --output-watch-events, which it does not simulate', () => {
    expect(by('kubectl get deployments -w -o name --output-watch-events')).toMatchObject({ exitCode: 1, stdout: '' });
  });
});
