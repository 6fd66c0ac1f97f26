import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario, type RunResult } from '../../scenario/runner.ts';
import { DEFAULT_LATENCY } from '../../runtime/network.ts';

/**
 * A Kubernetes pod on rkt nodes, through the kubelet's CRI calls to rktlet and rktlet's rkt
 * command lines (kubernetes-retired/rktlet rktlet/runtime/{pod_sandbox,rkt_runtime,helpers}.go,
 * rktlet/cli/{cli,init}.go, rktlet/image/imagestore.go).
 */

function run(runtime: string, extra = ''): RunResult {
  const text = `seed: 11
cluster:
  nodes:
    - {name: node-1, runtime: ${runtime}}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: cache}
      spec:
        containers:
          - {name: nginx, image: "nginx:1.27"}
          - {name: redis, image: "redis:7.4"}
  - ${runtime.includes('fly') ? 'wait: 4s' : 'until: settled'}
  - run: kubectl get pods -o wide
  - run: ssh node-1 rkt --dir=/var/lib/rktlet/data list
${extra}`;
  return runScenario(parseScenario(text, 'rktlet.test.yaml'));
}

/** The rkt command lines rktlet ran for the CRI call that caused them, in order. */
function commandsFor(events: TraceEvent[], rpc: string): string[][] {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const rootCall = (e: TraceEvent): TraceEvent | undefined => {
    let cur: TraceEvent | undefined = e;
    while (cur) {
      if (cur.kind === 'message' && cur.actor === 'kubelet/node-1' && cur.to === 'rktlet/node-1') return cur;
      cur = cur.cause !== undefined ? bySeq.get(cur.cause) : undefined;
    }
    return undefined;
  };
  const calls = new Map<number, string[]>();
  for (const e of events) {
    if (e.kind !== 'message' || e.actor !== 'rktlet/node-1' || e.op !== 'execve') continue;
    const call = rootCall(e);
    if (call?.op !== rpc) continue;
    calls.set(call.seq, [...(calls.get(call.seq) ?? []), String(e.attrs?.argv)]);
  }
  return [...calls.values()];
}

const GLOBAL = '--debug=false --dir=/var/lib/rktlet/data --insecure-options=image,ondisk';

describe('rktlet on stage1-coreos', () => {
  const r = run('rktlet+rkt-coreos');

  it('runs the pod: Running with the default network address 172.16.28.2, node runtime rkt://0.1.0', () => {
    expect(r.outputs[1]?.stdout.split('\n')[1]).toMatch(/^cache\s+2\/2\s+Running\s+0\s+\S+\s+172\.16\.28\.2\s+node-1\s/);
    const node = r.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'Node').at(-1)?.attrs?.object as { status: { nodeInfo: { containerRuntimeVersion: string } } };
    expect(node.status.nodeInfo.containerRuntimeVersion).toBe('rkt://0.1.0');
  });

  it('keeps one rkt pod in its own data directory, one app <attempt>-<name> per container', () => {
    const rows = r.outputs[2]?.stdout.split('\n') ?? [];
    expect(rows[1]).toMatch(/^[0-9a-f]{8}\t0-nginx\tregistry-1\.docker\.io\/library\/nginx:1\.27\t+running\t.*default:ip4=172\.16\.28\.2$/);
    expect(rows[2]).toMatch(/^\t+0-redis\tregistry-1\.docker\.io\/library\/redis:7\.4\t/);
  });

  it('RunPodSandbox = systemd-run … rkt app sandbox, then rkt status --wait-ready=10s', () => {
    const sandbox = r.events.find((e) => e.kind === 'span' && e.actor === 'rktlet/node-1' && e.op === 'systemd-run');
    expect(String(sandbox?.attrs?.argv)).toMatch(new RegExp(`^/usr/bin/systemd-run --unit=rktlet-[0-9a-f-]{36} --setenv=RKT_EXPERIMENT_APP=true --service-type=notify --slice=kubepods-besteffort-pod[0-9a-f_]+\\.slice /usr/bin/rkt app ${GLOBAL} sandbox --uuid-file-save=/tmp/rktlet_`));
    const [cmds] = commandsFor(r.events, 'RunPodSandbox');
    expect(cmds?.[0]).toMatch(new RegExp(`^/usr/bin/rkt app ${GLOBAL} sandbox [\\s\\S]*--stage1-name=coreos\\.com/rkt/stage1-coreos:1\\.30\\.0 --hostname=cache [\\s\\S]*--user-annotation=k8s\\.io/reserved/pod-name=cache`));
    expect(cmds?.[1]).toMatch(new RegExp(`^/usr/bin/rkt status ${GLOBAL} [0-9a-f-]{36} --format=json --wait-ready=10s$`));
  });

  it('CreateContainer = rkt app add <uuid> <image id> --name=0-<name>; StartContainer = rkt app start --app=0-<name>', () => {
    const adds = commandsFor(r.events, 'CreateContainer').map((c) => c[0] ?? '');
    expect(adds).toHaveLength(2);
    expect(adds[0]).toMatch(new RegExp(`^/usr/bin/rkt app ${GLOBAL} add [0-9a-f-]{36} sha512-[0-9a-f]{64} --name=0-nginx --user-annotation=`));
    expect(adds[1]).toContain('--name=0-redis');
    expect(commandsFor(r.events, 'StartContainer').map((c) => c[0]?.replace(/[0-9a-f-]{36}/, 'UUID'))).toEqual([`/usr/bin/rkt app ${GLOBAL} start UUID --app=0-nginx`, `/usr/bin/rkt app ${GLOBAL} start UUID --app=0-redis`]);
  });

  it('PullImage = rkt image fetch --pull-policy=update --full=true docker://<image>; ImageStatus reads rkt image list and each manifest', () => {
    expect(commandsFor(r.events, 'PullImage').map((c) => c[0])).toEqual([`/usr/bin/rkt image ${GLOBAL} fetch --pull-policy=update --full=true docker://nginx:1.27`, `/usr/bin/rkt image ${GLOBAL} fetch --pull-policy=update --full=true docker://redis:7.4`]);
    const status = commandsFor(r.events, 'ImageStatus')[0] ?? [];
    expect(status[0]).toBe(`/usr/bin/rkt image ${GLOBAL} list --full --format=json --sort=importtime`);
    expect(status.slice(1).every((c) => c.startsWith(`/usr/bin/rkt image ${GLOBAL} cat-manifest sha512-`))).toBe(true);
  });

  it('ContainerStatus and ListContainers read rkt app status --format=json (one per app)', () => {
    // The last relist, once both containers exist.
    const list = commandsFor(r.events, 'ListContainers').at(-1) ?? [];
    expect(list[0]).toBe(`/usr/bin/rkt list ${GLOBAL} --format=json`);
    expect(list.slice(1).map((c) => c.replace(/[0-9a-f-]{36}/, 'UUID'))).toEqual([`/usr/bin/rkt app ${GLOBAL} status UUID --app=0-nginx --format=json`, `/usr/bin/rkt app ${GLOBAL} status UUID --app=0-redis --format=json`]);
  });

  it('reports container ids <uuid>:<attempt>-<name> in the pod status', () => {
    const pod = r.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'Pod').at(-1)?.attrs?.object as Pod;
    expect(pod.status?.containerStatuses?.map((c) => c.containerID?.replace(/^[a-z]+:\/\//, ''))).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f-]{36}:0-nginx$/), expect.stringMatching(/^[0-9a-f-]{36}:0-redis$/)]));
  });
});

describe('rktlet on stage1-coreos, deleting the pod', () => {
  const r = run('rktlet+rkt-coreos', `  - run: kubectl delete pod cache
  - until: settled
  - run: ssh node-1 rkt --dir=/var/lib/rktlet/data list
  - run: ssh node-1 ip netns list
`);

  it('StopContainer = rkt app stop, StopPodSandbox = rkt stop --force=false, RemovePodSandbox = rkt stop --force=true + rkt rm', () => {
    expect(commandsFor(r.events, 'StopContainer').map((c) => c[0]?.replace(/[0-9a-f-]{36}/, 'UUID')).sort()).toEqual([`/usr/bin/rkt app ${GLOBAL} stop UUID --app=0-nginx`, `/usr/bin/rkt app ${GLOBAL} stop UUID --app=0-redis`]);
    expect(commandsFor(r.events, 'StopPodSandbox')[0]?.[0]).toMatch(new RegExp(`^/usr/bin/rkt stop ${GLOBAL} --force=false [0-9a-f-]{36}$`));
    const remove = (commandsFor(r.events, 'RemovePodSandbox')[0] ?? []).map((c) => c.replace(/[0-9a-f-]{36}/, 'UUID'));
    expect(remove[0]).toBe(`/usr/bin/rkt stop ${GLOBAL} --force=true UUID`);
    expect(remove.at(-1)).toBe(`/usr/bin/rkt rm ${GLOBAL} UUID`);
  });

  it('leaves no rkt pod and no network namespace', () => {
    expect(r.outputs.at(-2)?.stdout).toBe('UUID\tAPP\tIMAGE NAME\tSTATE\tCREATED\tSTARTED\tNETWORKS\n');
    expect(r.outputs.at(-1)?.stdout).toBe('');
  });
});

describe('rktlet on stage1-kvm and stage1-fly', () => {
  it('kvm: the pod runs in a VM, with an address and no network namespace on the host', () => {
    const r = run('rktlet+rkt-kvm', '  - run: ssh node-1 ip netns list\n');
    expect(r.outputs[1]?.stdout).toMatch(/cache\s+2\/2\s+Running/);
    expect(r.outputs.at(-1)?.stdout).toBe('');
    expect(r.events.some((e) => e.kind === 'span' && e.actor === 'rkt/node-1' && e.op === 'boot guest kernel')).toBe(true);
  });

  it('fly: rkt app sandbox cannot make a mutable fly pod; FailedCreatePodSandBox, an exited rkt pod per attempt', () => {
    const r = run('rktlet+rkt-fly');
    expect(r.outputs[1]?.stdout).toMatch(/cache\s+0\/2\s+ContainerCreating/);
    const failed = r.events.filter((e) => e.kind === 'event' && e.attrs?.reason === 'FailedCreatePodSandBox');
    expect(failed.length).toBeGreaterThan(0);
    expect(String(failed[0]?.attrs?.message)).toMatch(/^Failed to create pod sandbox: failed to run systemd-run \/usr\/bin\/rkt \[app [\s\S]* sandbox [\s\S]*--stage1-name=coreos\.com\/rkt\/stage1-fly:1\.30\.0 [\s\S]*\]: exit status 1\noutput: Job for rktlet-[0-9a-f-]{36}\.service failed because the control process exited with error code\./);
    const rows = (r.outputs[2]?.stdout ?? '').split('\n').slice(1).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => /^[0-9a-f]{8}\t-\t-\t+exited\t/.test(l))).toBe(true);
  });
});

describe("the kubelet's link to rktlet and its probes on rkt nodes", () => {
  const probed = (port: number): RunResult =>
    runScenario(
      parseScenario(
        `seed: 3
cluster:
  nodes:
    - {name: node-1, runtime: rktlet+rkt-coreos}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
            livenessProbe: {tcpSocket: {port: ${port}}, periodSeconds: 2, failureThreshold: 1}
  - wait: 12s
`,
        'rktlet-probes.test.yaml',
      ),
    );

  it('is a unix socket (rktlet listens on /var/run/rktlet.sock): CRI calls both ways take the local-socket latency', () => {
    const r = probed(80);
    const calls = r.events.filter((e) => e.kind === 'message' && ((e.actor === 'kubelet/node-1' && e.to === 'rktlet/node-1') || (e.actor === 'rktlet/node-1' && e.to === 'kubelet/node-1')));
    expect(calls.length).toBeGreaterThan(10);
    expect(new Set(calls.map((e) => e.dur))).toEqual(new Set([DEFAULT_LATENCY.localSocket]));
  });

  it("answers the kubelet's TCP probes from the pod's apps (nginx listens on 80; nothing on 81: refused, restarted)", () => {
    const reasons = (r: RunResult): string[] => r.events.filter((e) => e.kind === 'event' && e.ref?.name === 'web').map((e) => `${String(e.attrs?.reason)}: ${String(e.attrs?.message)}`);
    const open = probed(80);
    expect(open.events.some((e) => e.kind === 'span' && e.op === 'probe' && e.attrs?.result === 'Success')).toBe(true);
    expect(reasons(open).some((m) => m.startsWith('Unhealthy'))).toBe(false);
    const closed = reasons(probed(81));
    expect(closed).toContain('Unhealthy: Liveness probe failed: dial tcp 172.16.28.2:81: connect: connection refused');
    expect(closed).toContain('Killing: Container nginx failed liveness probe, will be restarted');
  });
});
