import { describe, expect, it } from 'vitest';
import { execIn, httpAnswer, planProcess, podConnectionAnswer, signalOutcome, tcpAnswer } from './process.ts';

const S = 1_000_000;

describe('planProcess: what a container process does (runc standard_init_linux.go LookPath, pid_namespaces(7), the images\' Dockerfiles)', () => {
  it('exits 1 a few ms after start for sh -c "exit 1", at once (not after a wait)', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', 'exit 1'] });
    expect(p.exit).toEqual({ after: 1_000, code: 1, timed: false });
    expect(p.pid1).toBe('sh');
  });

  it('exits 0 after 5 s for sleep 5, after a wait, with sleep as PID 1', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['sleep', '5'] });
    expect(p.exit).toEqual({ after: 5 * S, code: 0, timed: true });
    expect(p.pid1).toBe('sleep');
  });

  it('has the shell exec a lone command, so it is PID 1 and ignores SIGTERM', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', 'sleep 3600'] });
    expect(p.pid1).toBe('sleep');
    expect(signalOutcome(p, 'SIGTERM')).toBe('ignored');
    expect(signalOutcome(p, 'SIGKILL')).toEqual({ after: 0, exitStatus: 137 });
  });

  it('runs nginx until signalled; it listens on 80 and answers / with 200 and other paths with 404', () => {
    const p = planProcess({ image: 'nginx:1.27', args: ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'] });
    expect(p.exit).toBeUndefined();
    expect(p.pid1).toBe('nginx');
    expect(httpAnswer(p, 80, '/', 10_000)).toEqual({ refused: true });
    expect(httpAnswer(p, 80, '/', S)).toEqual({ status: 200 });
    expect(httpAnswer(p, 80, '/healthz', S)).toEqual({ status: 404 });
    expect(httpAnswer(p, 8080, '/', S)).toEqual({ refused: true });
    // STOPSIGNAL SIGQUIT is a graceful shutdown, exit 0.
    expect(signalOutcome(p, 'SIGQUIT')).toEqual({ after: 30_000, exitStatus: 0 });
  });

  it("answers a connection to the pod from whichever running process listens (pkg/kubelet/prober: HTTP and TCP probes dial the pod IP)", () => {
    const nginx = planProcess({ image: 'nginx:1.27', args: ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'] });
    const sleeper = planProcess({ image: 'busybox:1.36', args: ['sleep', '3600'] });
    const pod = [{ plan: sleeper, at: S }, { plan: nginx, at: S }];
    expect(podConnectionAnswer(pod, 80, '/')).toEqual({ status: 200 });
    expect(podConnectionAnswer(pod, 80)).toEqual({ status: 0 });
    expect(podConnectionAnswer(pod, 8080)).toEqual({ refused: true });
    // Just started, nginx is not listening yet: refused.
    expect(podConnectionAnswer([{ plan: nginx, at: 10_000 }], 80, '/')).toEqual({ refused: true });
    expect(podConnectionAnswer([], 80, '/')).toEqual({ refused: true });
  });

  it('uses the image default command when the spec has no args (httpd)', () => {
    const p = planProcess({ image: 'httpd:2.4', args: [] });
    expect(p.pid1).toBe('httpd-foreground');
    expect(httpAnswer(p, 80, '/', S)).toEqual({ status: 200 });
  });

  it('exits 0 at once for a shell with no script and no terminal (busybox CMD sh)', () => {
    expect(planProcess({ image: 'busybox:1.36', args: ['sh'] }).exit).toEqual({ after: 2_000, code: 0, timed: false });
  });

  it('fails runc create for a program the image does not have', () => {
    expect(planProcess({ image: 'busybox:1.36', args: ['shell', '-c', 'true'] }).startError).toBe('exec: "shell": executable file not found in $PATH');
    expect(planProcess({ image: 'busybox:1.36', args: ['/bin/bash', '-c', 'true'] }).startError).toBe('exec: "/bin/bash": stat /bin/bash: no such file or directory');
  });

  it('gives 127 and the shell\'s message for an unknown command inside a script', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', 'echo start; frobnicate'] });
    expect(p.exit?.code).toBe(127);
    expect(p.stderr).toBe('sh: frobnicate: not found\n');
    expect(planProcess({ image: 'nginx:1.27', args: ['sh', '-c', 'frobnicate'] }).stderr).toBe('sh: 1: frobnicate: not found\n');
  });

  it('follows && and || and keeps the shell as PID 1 for a script', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', 'false && exit 3 || exit 4'] });
    expect(p.exit?.code).toBe(4);
    expect(signalOutcome(p, 'SIGTERM')).toBe('ignored');
  });

  it('runs while-true loops until signalled, and honours a trap', () => {
    const loop = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', 'while true; do echo hello; sleep 10; done'] });
    expect(loop.exit).toBeUndefined();
    const trapped = planProcess({ image: 'busybox:1.36', args: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] });
    expect(signalOutcome(trapped, 'SIGTERM')).toEqual({ after: 1_000, exitStatus: 0 });
  });

  it('gives postgres without a password the entrypoint error and exit 1', () => {
    const p = planProcess({ image: 'postgres:17', args: ['docker-entrypoint.sh', 'postgres'] });
    expect(p.exit).toEqual({ after: 45_000, code: 1, timed: false });
    expect(p.stderr).toContain('superuser password is not specified');
    const ok = planProcess({ image: 'postgres:17', args: ['docker-entrypoint.sh', 'postgres'], env: ['POSTGRES_PASSWORD=secret'] });
    expect(ok.exit).toBeUndefined();
    expect(tcpAnswer(ok, 5432, S)).toBe(false);
    expect(tcpAnswer(ok, 5432, 3 * S)).toBe(true);
  });

  it('answers exec probes from the files the script made (the docs\' exec-liveness example)', () => {
    const p = planProcess({ image: 'busybox:1.36', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] });
    expect(p.exit).toEqual({ after: 630 * S + 5_000, code: 0, timed: true });
    expect(execIn(p, ['cat', '/tmp/healthy'], 10 * S)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(execIn(p, ['cat', '/tmp/healthy'], 40 * S)).toEqual({ exitCode: 1, stdout: '', stderr: "cat: can't open '/tmp/healthy': No such file or directory\n" });
    expect(execIn(p, ['healthcheck'], 40 * S)).toEqual({ error: 'exec: "healthcheck": executable file not found in $PATH' });
  });

  it('answers redis-cli ping once redis listens', () => {
    const p = planProcess({ image: 'redis:7.4', args: ['docker-entrypoint.sh', 'redis-server'] });
    expect(execIn(p, ['redis-cli', 'ping'], S)).toEqual({ exitCode: 0, stdout: 'PONG\n', stderr: '' });
    expect(tcpAnswer(p, 6379, S)).toBe(true);
  });

  it('is deterministic', () => {
    const input = { image: 'busybox:1.36', args: ['sh', '-c', 'touch /a; sleep 2; exit 3'] };
    expect(planProcess(input)).toEqual(planProcess(input));
  });
});
