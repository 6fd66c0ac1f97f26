import { describe, expect, it } from 'vitest';
import { runScenario, type StepOutput } from '../../scenario/runner.ts';
import { helloScenario, HELLO_DEPLOYMENT, testNode } from '../../testing/hello-scenario.ts';
import { DEFAULT_SETTLE_HORIZON } from '../../scenario/types.ts';

/** The hello-deployment cluster, settled, then the commands typed one after the other. */
function run(commands: string[], nodes = [testNode('node-1'), testNode('node-2')]): StepOutput[] {
  const r = runScenario(
    helloScenario({
      cluster: { controlPlane: 'control-plane', nodes },
      steps: [
        { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
        { type: 'until', line: 2, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
        { type: 'run', line: 3, command: 'kubectl get pods -o wide' },
        ...commands.map((command, i) => ({ type: 'run' as const, line: 4 + i, command })),
      ],
    }),
  );
  return r.outputs.slice(2);
}

/** The pods kubectl places on a node (NAME column of `kubectl get pods -o wide`). */
function podsOn(node: string): string[] {
  const r = runScenario(helloScenario());
  const wide = r.outputs.find((o) => o.command === 'kubectl get pods -o wide') as StepOutput;
  return wide.stdout.split('\n').slice(1).filter((l) => l.includes(` ${node} `)).map((l) => l.split(/\s+/)[0] as string);
}

describe('crictl pods (cri-tools cmd/crictl/sandbox.go OutputPodSandboxes)', () => {
  it('lists the node\'s sandboxes newest first in a tabwriter(20, 1, 3) table with crictl\'s columns', () => {
    const [pods] = run(['ssh node-1 crictl pods']);
    const lines = (pods as StepOutput).stdout.split('\n');
    expect(pods?.exitCode).toBe(0);
    // minwidth 20: every column but the last is at least 20 wide, padding 3.
    expect(lines[0]).toBe('POD ID              CREATED             STATE               NAME                   NAMESPACE           ATTEMPT             RUNTIME');
    const names = podsOn('node-1');
    expect(lines.slice(1, -1).map((l) => l.split(/\s{3,}/)[3]).sort()).toEqual([...names].sort());
    for (const row of lines.slice(1, -1)) {
      // a 13-character id (util.go truncatedIDLen), "N seconds ago" (go-units HumanDuration), Ready, (default) handler
      expect(row).toMatch(/^[0-9a-f]{13} {7}\d+ seconds ago +Ready {15}web-[a-z0-9]+-[a-z0-9]{5} {3}default {13}0 {19}\(default\)$/);
    }
    expect(lines.at(-1)).toBe('');
  });

  it('-q prints the full ids only; --name filters by regular expression; -o json is the protojson of ListPodSandboxResponse', () => {
    const [quiet, none, json] = run(['ssh node-1 crictl pods -q', 'ssh node-1 crictl pods --name ^nothing', 'ssh node-1 crictl pods -o json']);
    expect(quiet?.stdout).toMatch(/^([0-9a-f]{64}\n)+$/);
    expect(none?.stdout).toBe('POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME\n');
    const parsed = JSON.parse(json?.stdout ?? '') as { items: Record<string, unknown>[] };
    // Field-number order of runtime.v1 PodSandbox, defaults emitted (EmitDefaultValues).
    expect(Object.keys(parsed.items[0] as object)).toEqual(['id', 'metadata', 'state', 'createdAt', 'labels', 'annotations', 'runtimeHandler']);
    expect(Object.keys((parsed.items[0] as { metadata: object }).metadata)).toEqual(['name', 'uid', 'namespace', 'attempt']);
    expect(json?.stdout).toMatch(/^\{\n {2}"items": \[\n {4}\{\n {6}"id": "[0-9a-f]{64}",\n/);
    expect(typeof (parsed.items[0] as { createdAt: unknown }).createdAt).toBe('string');
    expect(quiet?.stdout.trim().split('\n').sort()).toEqual(parsed.items.map((p) => p.id).sort());
  });
});

describe('crictl ps (cri-tools cmd/crictl/container.go OutputContainers)', () => {
  it('shows the running containers with the image id cut to 13, the pod id and the pod labels', () => {
    const [ps, all] = run(['ssh node-1 crictl ps', 'ssh node-1 crictl ps -a']);
    const lines = (ps as StepOutput).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONTAINER {11}IMAGE {15}CREATED {13}STATE {15}NAME {16}ATTEMPT {13}POD ID {14}POD {20}NAMESPACE$/);
    expect(lines.length - 1).toBe(podsOn('node-1').length);
    for (const row of lines.slice(1)) expect(row).toMatch(/^[0-9a-f]{13} {7}[0-9a-f]{13} {7}\d+ seconds ago +Running {13}nginx {15}0 {19}[0-9a-f]{13} {7}web-\S+ {3}default$/);
    // nothing has exited: -a lists the same
    expect(all?.stdout).toBe(ps?.stdout);
  });

  it('--state exited finds none; a wrong --state is crictl\'s fatal error', () => {
    const [exited, wrong] = run(['ssh node-1 crictl ps --state exited -q', 'ssh node-1 crictl ps --state gone']);
    expect(exited).toMatchObject({ exitCode: 0, stdout: '' });
    expect(wrong).toMatchObject({ exitCode: 1, stderr: 'FATA[0000] --state should be one of created, running, exited or unknown\n' });
  });
});

describe('crictl images (cri-tools cmd/crictl/image.go, containerd images/image_list.go)', () => {
  it('lists nginx and the pause image by tag with the id cut to 13 and the size in decimal units', () => {
    const [images, quiet] = run(['ssh node-1 crictl images', 'ssh node-1 crictl images -q']);
    expect(images?.stdout).toMatch(
      /^IMAGE {21}TAG {17}IMAGE ID {12}SIZE\ndocker\.io\/library\/nginx {3}1\.27 {16}[0-9a-f]{13} {7}72\.1MB\nregistry\.k8s\.io\/pause {5}3\.10 {16}[0-9a-f]{13} {7}320kB\n$/,
    );
    expect(quiet?.stdout).toMatch(/^sha256:[0-9a-f]{64}\nsha256:[0-9a-f]{64}\n$/);
  });

  it('-o yaml is sigs.k8s.io/yaml of the protojson (sorted keys, int64 as strings), the pause image with its numeric uid', () => {
    const [yaml] = run(['ssh node-1 crictl images -o yaml']);
    expect(yaml?.stdout).toContain('  repoTags:\n  - registry.k8s.io/pause:3.10\n  size: "320368"\n  uid:\n    value: "65535"\n  username: ""\n');
    expect(yaml?.stdout.endsWith('username: ""\n\n')).toBe(true);
  });
});

describe('crictl inspectp / inspect (cri-tools util.go outputStatusData)', () => {
  it('inspectp prints {"status": …} with sorted keys and createdAt as RFC 3339', () => {
    const [out] = run(['ssh node-1 crictl inspectp --name web --latest']);
    const parsed = JSON.parse(out?.stdout ?? '') as { status: Record<string, unknown> };
    expect(Object.keys(parsed)).toEqual(['status']);
    expect(Object.keys(parsed.status)).toEqual([...Object.keys(parsed.status)].sort());
    expect(parsed.status.createdAt).toMatch(/^2026-01-01T09:00:\d{2}(\.\d+)?Z$/);
    expect(parsed.status.network).toEqual({ additionalIps: [], ip: expect.stringMatching(/^10\.244\.\d+\.\d+$/) });
    expect(parsed.status.state).toBe('SANDBOX_READY');
  });

  it('inspect of a running container: startedAt set, finishedAt the zero time; -o table is crictl\'s text', () => {
    const [json, table] = run(['ssh node-1 crictl inspect --name nginx --latest', 'ssh node-1 crictl inspect --name nginx --latest -o table']);
    const status = (JSON.parse(json?.stdout ?? '') as { status: Record<string, unknown> }).status;
    expect(status.state).toBe('CONTAINER_RUNNING');
    expect(status.finishedAt).toBe('0001-01-01T00:00:00Z');
    expect(status.startedAt).toMatch(/^2026-01-01T09:00:\d{2}\.\d+Z$/);
    expect(table?.stdout).toMatch(/^ID: [0-9a-f]{64}\nName: nginx\nState: CONTAINER_RUNNING\nCreated: \d+ seconds ago\nStarted: \d+ seconds ago\nLabels:\n\tio\.kubernetes\.container\.name -> nginx\n/);
    expect(table?.stdout.endsWith('Info: map[]\n')).toBe(true);
  });

  it('an unknown id is the runtime\'s NotFound, wrapped as crictl wraps it', () => {
    const [out] = run(['ssh node-1 crictl inspectp 0123']);
    expect(out).toMatchObject({ exitCode: 1, stderr: 'FATA[0000] get the status of pod sandboxes: get pod sandbox status: rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found\n' });
  });
});

describe('crictl on the node and its errors', () => {
  it('an unknown flag is Go flag\'s error; a command crictl has but the model does not is said so', () => {
    const [flag, other] = run(['ssh node-1 crictl pods --bogus', 'ssh node-1 crictl logs abc']);
    expect(flag).toMatchObject({ exitCode: 1, stderr: 'FATA[0000] flag provided but not defined: -bogus\n' });
    expect(other?.exitCode).toBe(1);
    expect(other?.stderr).toContain('crictl logs: not simulated yet');
  });

  it('-aq is -a -q (UseShortOptionHandling); crictl typed without ssh runs on the first node', () => {
    const [aq, plain] = run(['ssh node-1 crictl ps -aq', 'crictl ps -q']);
    expect(aq?.stdout).toMatch(/^([0-9a-f]{64}\n)+$/);
    expect(plain?.stdout).toBe(aq?.stdout);
  });

  it('each node sees only its own containers', () => {
    const [one, two] = run(['ssh node-1 crictl ps -q', 'ssh node-2 crictl ps -q']);
    const a = (one?.stdout ?? '').trim().split('\n');
    const b = (two?.stdout ?? '').trim().split('\n');
    expect(a.length + b.length).toBe(3);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('another --runtime-endpoint with nothing listening fails to dial, as cri-client does', () => {
    const [out] = run(['ssh node-1 crictl -r unix:///run/crio/crio.sock pods']);
    expect(out).toMatchObject({
      exitCode: 1,
      stderr: 'FATA[0000] validate service connection: validate CRI v1 runtime API for endpoint "unix:///run/crio/crio.sock": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/crio/crio.sock: connect: no such file or directory"\n',
    });
  });
});
