import { describe, expect, it } from 'vitest';
import { runScenario, type StepOutput } from '../../scenario/runner.ts';
import { helloScenario, HELLO_DEPLOYMENT, testNode } from '../../testing/hello-scenario.ts';
import { DEFAULT_SETTLE_HORIZON } from '../../scenario/types.ts';

/** The hello-deployment cluster, settled, then the commands typed one after the other (as in crictl.test.ts). */
function run(commands: string[]): StepOutput[] {
  const r = runScenario(
    helloScenario({
      cluster: { controlPlane: 'control-plane', nodes: [testNode('node-1'), testNode('node-2')] },
      steps: [
        { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
        { type: 'until', line: 2, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
        ...commands.map((command, i) => ({ type: 'run' as const, line: 3 + i, command })),
      ],
    }),
  );
  return r.outputs.slice(1);
}

/** A running nginx container's full id on node-1. */
const PS = 'ssh node-1 crictl ps -q';

describe('crictl version and info (cri-tools version.go, info.go)', () => {
  it('prints the runtime version with Println\'s double space', () => {
    const [v] = run(['ssh node-1 crictl version']);
    expect(v?.stdout).toBe('Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v2.1.4\nRuntimeApiVersion:  v1\n');
  });

  it('prints the status, the runtime handlers and features as encoding/json does, keys sorted', () => {
    const [info] = run(['ssh node-1 crictl info']);
    const parsed = JSON.parse(info?.stdout ?? '') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['features', 'runtimeHandlers', 'status']);
    expect(parsed.features).toEqual({ supplemental_groups_policy: true });
    // omitempty drops the default handler's "" name.
    expect(parsed.runtimeHandlers).toEqual([{ features: { recursive_read_only_mounts: true, user_namespaces: true }, name: 'runc' }, { features: { recursive_read_only_mounts: true, user_namespaces: true } }]);
    expect((parsed.status as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['RuntimeReady', 'NetworkReady']);
  });
});

describe('crictl imagefsinfo and rmi (cri-tools imagefsinfo.go, image.go)', () => {
  it('reports the overlayfs snapshotter\'s filesystem under "status"', () => {
    const [fs] = run(['ssh node-1 crictl imagefsinfo']);
    const parsed = JSON.parse(fs?.stdout ?? '') as { status: { imageFilesystems: { fsId: { mountpoint: string }; usedBytes: { value: string } }[] } };
    expect(parsed.status.imageFilesystems[0]?.fsId.mountpoint).toBe('/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs');
    expect(Number(parsed.status.imageFilesystems[0]?.usedBytes.value)).toBeGreaterThan(0);
  });

  it('deletes an image by reference, and fails on one it does not have', () => {
    const [rmi, images, missing] = run(['ssh node-1 crictl rmi registry.k8s.io/pause:3.10', 'ssh node-1 crictl images', 'ssh node-1 crictl rmi busybox:nope']);
    expect(rmi).toMatchObject({ exitCode: 0, stdout: 'Deleted: registry.k8s.io/pause:3.10\n' });
    expect(images?.stdout).not.toContain('pause');
    expect(missing).toMatchObject({ exitCode: 1, stdout: '', stderr: 'ERRO[0000] no such image busybox:nope\nFATA[0000] unable to remove the image(s)\n' });
  });
});

describe('crictl stats and statsp (cri-tools container_stats.go, pod_stats.go)', () => {
  it('samples twice a second apart and prints CPU %, MEM, DISK and INODES after clearing the screen', () => {
    const [stats] = run(['ssh node-1 crictl stats']);
    expect(stats?.exitCode).toBe(0);
    expect(stats?.stdout.startsWith('\u001b[2J\u001b[H')).toBe(true);
    const lines = (stats?.stdout ?? '').slice(7).split('\n');
    expect(lines[0]).toBe('CONTAINER           NAME                CPU %               MEM                 DISK                INODES');
    expect(lines.length).toBeGreaterThan(2);
    for (const row of lines.slice(1, -1)) expect(row).toMatch(/^[0-9a-f]{13} {7}nginx {15}0\.04 {16}[\d.]+MB +8\.192kB +2$/);
  });

  it('lists pods with their CPU % and memory; -o json is the ListPodSandboxStatsResponse', () => {
    const [statsp, json] = run(['ssh node-1 crictl statsp', 'ssh node-1 crictl statsp -o json']);
    const lines = (statsp?.stdout ?? '').slice(7).split('\n');
    expect(lines[0]).toMatch(/^POD {3,}POD ID {14}CPU % {15}MEM$/);
    for (const row of lines.slice(1, -1)) expect(row).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} +[0-9a-f]{13} +0\.08 +[\d.]+MB$/);
    const parsed = JSON.parse(json?.stdout ?? '') as { stats: { linux: { containers: unknown[] } }[] };
    expect(parsed.stats.length).toBe(lines.length - 2);
    expect(parsed.stats[0]?.linux.containers).toHaveLength(1);
  });
});

describe('crictl exec and update (cri-tools exec.go, container.go)', () => {
  it('runs a command with -s (ExecSync) and through the streaming server (Exec) with the same output', () => {
    const [ids] = run([PS]);
    const id = (ids?.stdout ?? '').split('\n')[0] ?? '';
    const [sync, streamed, failing] = run([`ssh node-1 crictl exec -s ${id} sh -c 'echo hello'`, `ssh node-1 crictl exec ${id} sh -c 'echo hello'`, `ssh node-1 crictl exec -s ${id} sh -c 'exit 3'`]);
    expect(sync).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
    expect(streamed).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
    expect(failing).toMatchObject({ exitCode: 3, stderr: 'non-zero exit code\n' });
  });

  it('sends the Exec RPC, then connects to the URL it answered', () => {
    const r = runScenario(
      helloScenario({
        cluster: { controlPlane: 'control-plane', nodes: [testNode('node-1'), testNode('node-2')] },
        steps: [
          { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
          { type: 'until', line: 2, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
          { type: 'run', line: 3, command: PS },
        ],
      }),
    );
    const id = (r.outputs.at(-1)?.stdout ?? '').split('\n')[0] ?? '';
    const r2 = runScenario(
      helloScenario({
        cluster: { controlPlane: 'control-plane', nodes: [testNode('node-1'), testNode('node-2')] },
        steps: [
          { type: 'run', line: 1, command: 'kubectl apply -f -', stdin: HELLO_DEPLOYMENT },
          { type: 'until', line: 2, condition: 'settled', horizon: DEFAULT_SETTLE_HORIZON },
          { type: 'run', line: 3, command: `ssh node-1 crictl exec ${id} echo hi` },
        ],
      }),
    );
    const msgs = r2.events.filter((e) => e.kind === 'message' && (e.actor === 'crictl/node-1' || e.to === 'crictl/node-1')).map((e) => e.op);
    const exec = msgs.indexOf('Exec');
    expect(exec).toBeGreaterThan(-1);
    expect(msgs[exec + 1]).toBe('ExecResponse');
    expect(msgs[exec + 2]).toMatch(/^POST \/exec\/[A-Za-z0-9_-]{8}$/);
    expect(msgs[exec + 3]).toBe('101 Switching Protocols');
  });

  it('updates a container\'s memory limit and prints its id', () => {
    const [ids] = run([PS]);
    const id = (ids?.stdout ?? '').split('\n')[0] ?? '';
    const [upd, inspect, bad] = run([`ssh node-1 crictl update --memory 256m ${id}`, `ssh node-1 crictl inspect ${id}`, `ssh node-1 crictl update --memory lots ${id}`]);
    expect(upd).toMatchObject({ exitCode: 0, stdout: `${id}\n` });
    expect((JSON.parse(inspect?.stdout ?? '') as { status: { resources: { linux: { memoryLimitInBytes: string | number } } } }).status.resources.linux.memoryLimitInBytes).toBe('268435456');
    expect(bad).toMatchObject({ exitCode: 1, stderr: "FATA[0000] invalid size: 'lots'\n" });
  });
});
