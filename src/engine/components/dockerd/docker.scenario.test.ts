import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';
import { validateEvent } from '../../../trace/validate.ts';

// examples/docker.scenario.yaml: one Docker host, no Kubernetes. The path follows moby
// daemon/create.go, daemon/start.go (containerd container and task at start), daemon/monitor.go
// (task and container deleted on exit), daemon/delete.go, and containerd's
// cmd/containerd-shim-runc-v2 (runc create/start/kill/delete, the task events).
const FILE = 'examples/docker.scenario.yaml';
const run = () => runScenario(parseScenario(readFileSync(FILE, 'utf8'), FILE));
const result = run();
const out = (command: string, nth = 0) => result.outputs.filter((o) => o.command === command)[nth];
const messages = result.events.filter((e) => e.kind === 'message');

describe('Docker without Kubernetes', () => {
  it('runs with no apiserver and every command exits as Docker does', () => {
    expect(result.events.some((e) => e.actor.startsWith('kube-apiserver') || e.actor.startsWith('kubelet'))).toBe(false);
    expect(out('docker pull nginx')?.stdout).toMatch(/^Using default tag: latest\nlatest: Pulling from library\/nginx\n(?:[0-9a-f]{12}: Pulling fs layer\n){7}/);
    expect(out('docker pull nginx')?.stdout).toMatch(/Status: Downloaded newer image for nginx:latest\ndocker\.io\/library\/nginx:latest\n$/);
    expect(out('docker run -d --name web -p 8080:80 nginx')?.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const busybox = out('docker run -d busybox sleep 3600');
    expect(busybox?.stderr).toMatch(/^Unable to find image 'busybox:latest' locally\nlatest: Pulling from library\/busybox\n/);
    expect(out('docker rm web')?.exitCode).toBe(1);
    expect(out('docker rm web')?.stderr).toBe('Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n');
    expect(out('docker stop web')?.stdout).toBe('web\n');
    expect(out('docker rm web', 1)?.stdout).toBe('web\n');
    expect(out('docker stop nosuch')).toMatchObject({ exitCode: 1, stderr: 'Error response from daemon: No such container: nosuch\n' });
  });

  it('prints docker ps and docker images with Docker\'s columns', () => {
    const ps = out('docker ps')?.stdout ?? '';
    const lines = ps.split('\n');
    expect(lines[0]).toBe('CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                                     NAMES');
    expect(ps).toMatch(/^[0-9a-f]{12} {3}nginx {5}"\/docker-entrypoint\.…" {3}\d+ seconds ago {3}Up \d+ seconds {3}0\.0\.0\.0:8080->80\/tcp, \[::\]:8080->80\/tcp {3}web$/m);
    expect(ps).toMatch(/^[0-9a-f]{12} {3}busybox {3}"sleep 3600" {13}.*[a-z]+_[a-z]+$/m);
    const psa = out('docker ps -a')?.stdout ?? '';
    expect(psa).toMatch(/Exited \(0\) Less than a second ago +web$/m);
    expect(out('docker images')?.stdout).toMatch(/^REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {7}SIZE\nnginx {8}latest {4}[0-9a-f]{12} {3}\d+ weeks ago {3}72\.2MB\n/);
  });

  it('shows Docker\'s containers and tasks in containerd\'s moby namespace, and none in default', () => {
    const ids = messages.filter((m) => m.op === 'containerd.services.containers.v1.Containers/Create').map((m) => ((m.attrs?.['namespace'] as string) ?? ''));
    expect(ids).toEqual(['moby', 'moby']);
    const ctr = out('ctr -n moby containers ls')?.stdout ?? '';
    expect(ctr.split('\n')[0]).toBe('CONTAINER                                                           IMAGE      RUNTIME                  ');
    expect(ctr.split('\n').filter((l) => /^[0-9a-f]{64} {4}(nginx|busybox) +io\.containerd\.runc\.v2 {4}$/.test(l))).toHaveLength(2);
    expect(out('ctr -n moby tasks ls')?.stdout).toMatch(/^TASK {64}PID {5}STATUS {5}\n[0-9a-f]{64} {4}\d+ {4}RUNNING {4}\n/);
    expect(out('ctr containers ls')?.stdout).toBe('CONTAINER    IMAGE    RUNTIME    \n');
  });

  it('goes dockerd → containerd → shim → runc in the real order, with containerd\'s events', () => {
    const web = (out('docker run -d --name web -p 8080:80 nginx')?.stdout ?? '').trim();
    const path = messages
      .filter((m) => m.attrs?.['id'] === web || m.attrs?.['containerId'] === web)
      .map((m) => `${m.actor.split('/')[0]}>${m.op}`)
      .filter((op) => /Snapshots\/Prepare$|Containers\/Create$|Tasks\/(Create|Start|Kill|Delete)$|Task\/(Create|Start)$|>(create|start|kill|delete)$/.test(op));
    const first = path.slice(0, 8);
    expect(first).toEqual([
      'dockerd>containerd.services.snapshots.v1.Snapshots/Prepare',
      'dockerd>containerd.services.containers.v1.Containers/Create',
      'dockerd>containerd.services.tasks.v1.Tasks/Create',
      'containerd>containerd.task.v2.Task/Create',
      'containerd-shim-runc-v2>create',
      'dockerd>containerd.services.tasks.v1.Tasks/Start',
      'containerd>containerd.task.v2.Task/Start',
      'containerd-shim-runc-v2>start',
    ]);
    const runcCreate = messages.find((m) => m.to === 'runc/host-1' && m.op === 'create');
    expect(String(runcCreate?.attrs?.['argv'])).toMatch(/^runc --root \/run\/containerd\/runc\/moby --log \/run\/containerd\/io\.containerd\.runtime\.v2\.task\/moby\/[0-9a-f]{64}\/log\.json --log-format json --systemd-cgroup create --bundle /);
    const topics = result.events.filter((e) => e.actor === 'containerd/host-1' && e.kind === 'span').map((e) => (e.attrs?.['event'] as { topic?: string } | undefined)?.topic).filter(Boolean);
    for (const t of ['/snapshot/prepare', '/snapshot/commit', '/images/create', '/containers/create', '/tasks/create', '/tasks/start', '/tasks/exit', '/tasks/delete', '/containers/delete', '/snapshot/remove']) expect(topics).toContain(t);
    // The stop: nginx's STOPSIGNAL is SIGQUIT (3).
    expect(messages.find((m) => m.op === 'containerd.task.v2.Task/Kill')?.attrs?.['signal']).toBe(3);
  });

  it('puts the containers on docker0 with 172.17.0.2 and .3', () => {
    const addrs = result.events.filter((e) => e.actor === 'dockerd/host-1' && e.op === 'configure interface').map((e) => e.attrs?.['address']);
    expect(addrs).toEqual(['172.17.0.2/16', '172.17.0.3/16']);
  });

  it('writes a valid trace', () => {
    for (const e of result.events) expect(validateEvent(e)).toBeUndefined();
    expect(result.settled).toBe(true);
  });

  it('is deterministic: the same trace twice', () => {
    const again = run();
    expect(again.outputs).toEqual(result.outputs);
    expect(again.events.length).toBe(result.events.length);
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(result.events));
  });
});
