import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario, type RunResult, type StepOutput } from '../../scenario/runner.ts';

/**
 * The host's rkt through scenarios (rkt/*.go, stage0/, stage1/, pkg/pod, lib/; the talk
 * "rkt + Kubernetes"): one command at a time on a node's shell, each a stage0 process.
 */

function run(steps: string, runtime = 'rktlet+rkt-coreos'): RunResult {
  return runScenario(parseScenario(`seed: 7\ncluster:\n  nodes:\n    - {name: node-1, runtime: ${runtime}}\nsteps:\n${steps}`, 'rkt.test.yaml'));
}

const PRELUDE = `  - run: ssh node-1 rkt trust --prefix coreos.com/etcd --skip-fingerprint-review
  - run: ssh node-1 rkt fetch coreos.com/etcd:v3.1.7
  - run: ssh node-1 rkt fetch --insecure-options=image docker://redis:4.0.6
`;

function out(r: RunResult, command: RegExp, nth = 0): StepOutput {
  const o = r.outputs.filter((x) => command.test(x.command))[nth];
  if (!o) throw new Error(`no output for ${command}`);
  return o;
}

/** The short UUID of the first pod `rkt list` shows. */
function firstUUID(o: StepOutput): string {
  return (o.stdout.split('\n')[1] ?? '').split('\t')[0] ?? '';
}

const spans = (events: TraceEvent[], op: string): TraceEvent[] => events.filter((e) => e.kind === 'span' && e.actor === 'rkt/node-1' && e.op === op);

describe('rkt run (rkt/run.go, stage0/run.go, stage1/init/init.go)', () => {
  const r = run(`${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7 docker://redis:4.0.6
  - wait: 2s
  - run: ssh node-1 rkt list
  - run: ssh node-1 ip netns list
`);

  it('makes one pod of two images, with one network: default:ip4=172.16.28.2', () => {
    const rows = out(r, /rkt list$/).stdout.split('\n');
    expect(rows[1]).toMatch(/^[0-9a-f]{8}\tetcd\tcoreos\.com\/etcd:v3\.1\.7\t+running\t.*\tdefault:ip4=172\.16\.28\.2$/);
    expect(rows[2]).toMatch(/^\t\tredis\tregistry-1\.docker\.io\/library\/redis:4\.0\.6\t/);
    expect(rows).toHaveLength(4);
  });

  it('gives both apps one network namespace (ip netns list)', () => {
    expect(out(r, /ip netns list/).stdout).toMatch(/^cni-[0-9a-f-]{36} \(id: 0\)\n$/);
  });

  it('runs in a second terminal: rkt run is the pod\'s process, interrupted at the end of the script', () => {
    expect(out(r, /rkt run/).exitCode).toBe(130);
  });

  it('moves the pod embryo → preparing → running and plays stage0, stage1 (systemd-nspawn) and stage2 (the apps)', () => {
    const states = r.events.filter((e) => e.kind === 'state' && e.attrs?.machine === 'rkt-pod').map((e) => e.op);
    expect(states).toEqual(['embryo', 'preparing', 'running']);
    const stages = new Set(r.events.filter((e) => e.actor === 'rkt/node-1' && e.kind === 'span').map((e) => e.attrs?.stage));
    expect([...stages].sort()).toEqual(['stage0', 'stage1', 'stage2']);
    expect(spans(r.events, 'execve').some((e) => String(e.attrs?.filename).endsWith('/usr/bin/systemd-nspawn'))).toBe(true);
    expect(spans(r.events, 'chroot').map((e) => e.attrs?.path)).toEqual(['/opt/stage2/etcd/rootfs', '/opt/stage2/redis/rootfs']);
    expect(r.events.filter((e) => e.kind === 'state' && e.attrs?.machine === 'rkt-app').map((e) => e.op)).toEqual(['created', 'created', 'running', 'running']);
  });
});

describe('an immutable pod (pkg/pod/sandbox.go SandboxManifest)', () => {
  const base = run(`${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7
  - wait: 2s
  - run: ssh node-1 rkt list
`);
  const uuid = firstUUID(out(base, /rkt list/));
  const r = run(`${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7
  - wait: 2s
  - run: ssh node-1 rkt cat-manifest ${uuid}
  - run: ssh node-1 sudo RKT_EXPERIMENT_APP=true rkt app add ${uuid} docker://redis:4.0.6
  - run: ssh node-1 rkt app add ${uuid} docker://redis:4.0.6
  - run: ssh node-1 rkt stop ${uuid}
  - wait: 1s
  - run: ssh node-1 rkt status ${uuid}
  - run: ssh node-1 rkt rm ${uuid}
  - run: ssh node-1 ip netns list
  - run: ssh node-1 rkt list
`);

  it('says mutable "false" in its manifest', () => {
    expect(out(r, /cat-manifest/).stdout).toContain('"name": "coreos.com/rkt/stage1/mutable",\n\t\t\t"value": "false"');
  });

  it('refuses rkt app add with the error of the talk', () => {
    expect(out(r, /RKT_EXPERIMENT_APP=true rkt app add/)).toMatchObject({ exitCode: 254, stdout: '', stderr: 'add: error adding app to pod: immutable pod\n' });
  });

  it('has no `rkt app` without RKT_EXPERIMENT_APP (rkt/app.go)', () => {
    expect(out(r, /-1 rkt app add/)).toMatchObject({ exitCode: 254, stderr: 'Error: unknown command "app" for "rkt"\nRun \'rkt --help\' for usage.\n' });
  });

  it('stops (rkt run returns 0), shows exited, and rm removes it with its network namespace', () => {
    const full = out(r, /rkt stop/).stdout.trim();
    expect(full).toMatch(new RegExp(`^"${uuid}-[0-9a-f-]+"$`));
    expect(out(r, /rkt run/).exitCode).toBe(0);
    expect(out(r, /rkt status/).stdout).toMatch(/^state=exited\ncreated=.*\nstarted=.*\npid=\d+\nexited=true\n/);
    expect(out(r, /rkt rm/).stdout).toBe(`${full}\n`);
    expect(out(r, /ip netns list/).stdout).toBe('');
    expect(out(r, /rkt list/).stdout).toBe('UUID\tAPP\tIMAGE NAME\tSTATE\tCREATED\tSTARTED\tNETWORKS\n');
    const states = r.events.filter((e) => e.kind === 'state' && e.attrs?.machine === 'rkt-pod').map((e) => e.op);
    expect(states).toEqual(['embryo', 'preparing', 'running', 'exited', 'exited garbage', 'exited deleting', 'deleted']);
    expect(spans(r.events, 'exec net plugin').map((e) => (e.attrs?.env as { CNI_COMMAND: string }).CNI_COMMAND)).toEqual(['ADD', 'DEL']);
  });
});

describe('a mutable pod: rkt app sandbox, add, start, rm (rkt/app_*.go, stage0/app_*.go)', () => {
  const base = run(`${PRELUDE}  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app sandbox
  - wait: 1s
  - run: ssh node-1 rkt list
`);
  const uuid = firstUUID(out(base, /rkt list/));
  const r = run(`${PRELUDE}  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app sandbox
  - wait: 1s
  - run: ssh node-1 rkt list
  - run: ssh node-1 ip netns list
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app add ${uuid} coreos.com/etcd:v3.1.7
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app list ${uuid}
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app start ${uuid} --app=etcd
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app add ${uuid} docker://redis:4.0.6
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app add ${uuid} docker://redis:4.0.6
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app start ${uuid} --app=redis
  - run: ssh node-1 rkt list
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app rm ${uuid} --app=redis
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app start ${uuid} --app=redis
  - run: ssh node-1 RKT_EXPERIMENT_APP=true rkt app add ${uuid} docker://nginx:1.27
  - run: ssh node-1 rkt cat-manifest ${uuid}
`);

  it('starts an empty pod that already has its network and namespace', () => {
    expect(out(r, /rkt list/).stdout.split('\n')[1]).toMatch(/^[0-9a-f]{8}\t-\t-\t+running\t.*\tdefault:ip4=172\.16\.28\.2$/);
    expect(out(r, /ip netns list/).stdout).toMatch(/^cni-/);
  });

  it('adds an app (created), starts it (running), and a second one', () => {
    expect(out(r, /app add .* coreos/)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(out(r, /app list/).stdout).toBe('NAME\tSTATE\netcd\tcreated\n');
    const rows = out(r, /rkt list/, 1).stdout.split('\n');
    expect(rows[1]).toMatch(/\tetcd\tcoreos\.com\/etcd:v3\.1\.7\t+running\t/);
    expect(rows[2]).toMatch(/^\t\tredis\tregistry-1\.docker\.io\/library\/redis:4\.0\.6\t/);
  });

  it('refuses a second app of the same name, a removed app and an image not in the store', () => {
    expect(out(r, /app add .* docker:\/\/redis/, 1).stderr).toBe('add: error adding app to pod: error: multiple apps with name redis\n');
    expect(out(r, /app start .* --app=redis/, 1).stderr).toBe('start: error starting app: error: nonexistent app "redis"\n');
    expect(out(r, /docker:\/\/nginx/).stderr).toBe('add: error finding images: unable to fetch docker image from URL "docker://nginx:1.27": either image was not found in the store or store was disabled and fetching from remote yielded nothing or it was disabled\n');
  });

  it('is marked mutable in its manifest, and rm took redis out of it', () => {
    const m = out(r, /cat-manifest/).stdout;
    expect(m).toContain('"value": "true"');
    expect(m).toContain('"name": "etcd"');
    expect(m).not.toContain('"name": "redis"');
  });
});

describe('stage1 flavours by hand (rkt run --stage1-name)', () => {
  const r = run(`${PRELUDE}  - run: ssh node-1 rkt run --stage1-name=coreos.com/rkt/stage1-fly:1.30.0 coreos.com/etcd:v3.1.7
  - run: ssh node-1 rkt run --stage1-name=coreos.com/rkt/stage1-fly:1.30.0 coreos.com/etcd:v3.1.7 docker://redis:4.0.6
  - run: ssh node-1 rkt run --stage1-name=coreos.com/rkt/stage1-fly:1.30.0 --volume data-dir,kind=host,source=/mnt/etcd-data coreos.com/etcd:v3.1.7
  - run: ssh node-1 rkt run --stage1-name=coreos.com/rkt/stage1-kvm:1.30.0 coreos.com/etcd:v3.1.7
  - wait: 3s
  - run: ssh node-1 rkt list
  - run: ssh node-1 ip netns list
  - run: ssh node-1 sudo RKT_EXPERIMENT_APP=true rkt app sandbox --stage1-name=coreos.com/rkt/stage1-fly:1.30.0
`);

  it('fly makes no implicit volume for an image mount point and runs one app only (stage1_fly/run/main.go)', () => {
    expect(out(r, /stage1-fly:1.30.0 coreos.com\/etcd:v3.1.7$/)).toMatchObject({ exitCode: 254 });
    expect(out(r, /stage1-fly:1.30.0 coreos.com\/etcd:v3.1.7$/).stderr).toContain('run: can\'t evaluate mounts: missing volume for mountpoint "data-dir"\n');
    expect(out(r, /stage1-fly.*redis:4.0.6$/).stderr).toContain('run: flavor "fly" only supports 1 application per Pod for now\n');
  });

  it('fly runs without a network, kvm with an address but no network namespace on the host', () => {
    const rows = out(r, /rkt list/).stdout.split('\n').filter((l) => /\trunning\t/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows.filter((l) => l.endsWith('default:ip4=172.16.28.2'))).toHaveLength(1);
    expect(out(r, /ip netns list/).stdout).toBe('');
    expect(spans(r.events, 'boot guest kernel')).toHaveLength(1);
    expect(spans(r.events, 'ioctl TUNSETIFF')).toHaveLength(1);
  });

  it('refuses a mutable pod on a stage1 without app entrypoints (stage0/run.go)', () => {
    expect(out(r, /app sandbox/)).toMatchObject({ exitCode: 1, stderr: 'stage0: stage1 does not support mutable pods\n' });
  });
});

describe('rkt gc (rkt/gc.go)', () => {
  const base = run(`${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7
  - wait: 2s
  - run: ssh node-1 rkt list --full --no-legend
`);
  const full = out(base, /rkt list/).stdout.split('\t')[0] ?? '';
  const r = run(`${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7
  - wait: 2s
  - run: ssh node-1 rkt stop --force ${full.slice(0, 8)}
  - wait: 1s
  - run: ssh node-1 rkt gc
  - run: ssh node-1 rkt gc --grace-period=0s
  - run: ssh node-1 rkt list --no-legend
`);

  it('first moves exited pods to the garbage, then collects them once the grace period is over', () => {
    expect(out(r, /rkt gc$/).stderr).toBe(`gc: moving pod "${full}" to garbage\ngc: pod "${full}" not removed: still within grace period (30m0s)\n`);
    expect(out(r, /grace-period=0s/).stdout).toBe(`Garbage collecting pod "${full}"\n`);
    expect(out(r, /list --no-legend/).stdout).toBe('');
    expect(out(r, /rkt run/).exitCode).toBe(137);
  });
});

describe('determinism', () => {
  it('gives the same trace twice', () => {
    const steps = `${PRELUDE}  - run: ssh node-1 rkt run coreos.com/etcd:v3.1.7 docker://redis:4.0.6\n  - wait: 2s\n  - run: ssh node-1 rkt list\n`;
    expect(JSON.stringify(run(steps).events)).toBe(JSON.stringify(run(steps).events));
  });
});
