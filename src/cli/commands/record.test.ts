import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseBundleManifest } from '../../replay/bundle/manifest.ts';
import { memoryIO } from '../test-io.ts';
import type { BundleManifest, RecordSink } from '../record/sink.ts';
import { recordCommand } from './record.ts';

/**
 * `record` against fake kubectl / ctr / etcdctl executables: shell scripts in a temporary PATH
 * that print lines in the real tools' formats, then wait (`exec sleep`, so the pid recorded is
 * the one that must be stopped) or fail the way the real tools fail.
 */
const work = mkdtempSync(join(tmpdir(), 'ka-record-'));
const originalPath = process.env.PATH;
afterAll(() => {
  process.env.PATH = originalPath;
  // Should a test fail midway: the fake kubectl processes the Ctrl-C test started, by pid.
  const pidFile = join(work, 'kubectl.pids');
  if (existsSync(pidFile)) {
    for (const pid of readFileSync(pidFile, 'utf8').trim().split('\n').map(Number)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
});
let n = 0;
let bin = '';
beforeEach(() => {
  bin = join(work, `bin${n++}`);
  mkdirSync(bin);
  process.env.PATH = `${bin}:/usr/bin:/bin`;
});

function tool(name: string, script: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
}

const POD = '{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default","uid":"6f1c","resourceVersion":"812"},"spec":{"containers":[{"name":"web","image":"nginx:1.27","env":[{"name":"DB_PASSWORD","value":"hunter2"}]}]}}}';
const SECRET = '{"type":"ADDED","object":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default","resourceVersion":"700"},"data":{"password":"aHVudGVyMg=="},"type":"Opaque"}}';
const EVENT = '{"type":"ADDED","object":{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web-1.17f","namespace":"default"},"reason":"Scheduled","note":"Successfully assigned default/web-1 to kind-worker","regarding":{"kind":"Pod","name":"web-1"}}}';
const ETCD = `{"Header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":7,"raft_term":2},"Events":[{"kv":{"key":"${btoa('/registry/secrets/default/db')}","create_revision":7,"mod_revision":7,"version":1,"value":"azhzAAo="}}],"CompactRevision":0,"Canceled":false,"Created":false}`;
const CTR = '2026-01-01 09:00:01.322765234 +0000 UTC k8s.io /tasks/start {"container_id":"3f2a","pid":4242}';

/** A kubectl that serves pods and secrets, is forbidden replicasets, and serves events. */
function fakeKubectl(pidFile?: string): void {
  tool(
    'kubectl',
    `${pidFile !== undefined ? `echo $$ >> '${pidFile}'\n` : ''}case "$2" in
  pods) printf '%s\\n' '${POD}' ;;
  secrets) printf '%s\\n' '${SECRET}' ;;
  events.events.k8s.io) printf '%s\\n' '${EVENT}' ;;
  replicasets) echo 'Error from server (Forbidden): replicasets.apps is forbidden: User "dev" cannot watch resource "replicasets" in API group "apps" at the cluster scope' >&2; exit 1 ;;
  *) echo "error: the server doesn't have a resource type \\"$2\\"" >&2; exit 1 ;;
esac
echo "$*" >> '${join(bin, 'kubectl.args')}'
exec sleep 1000`,
  );
}

const stopAfter = (ms: number): AbortSignal => AbortSignal.timeout(ms);

/** A process that runs (an orphan's zombie, waiting for init to reap it, does not). */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('kube-anatomy record', () => {
  it('watches each resource and events with receive stamps, redacts, skips what kubectl may not watch (folder bundle)', async () => {
    fakeKubectl();
    tool('ctr', `printf '%s\\n' '${CTR}'\necho "$*" > '${join(bin, 'ctr.args')}'\nexec sleep 1000`);
    tool('etcdctl', `printf '%s\\n' '${ETCD}'\necho "$ETCDCTL_API $*" > '${join(bin, 'etcdctl.args')}'\nexec sleep 1000`);
    const out = join(work, 'b1');
    const io = memoryIO();
    const code = await recordCommand(['--out', out, '--duration', '1500ms', '--resources', 'pods,secrets,replicasets', '--context', 'kind-replay', '--ctr-events', '--node', 'kind-worker', '--etcd-watch', '--etcd-endpoints', 'http://127.0.0.1:2379,http://127.0.0.1:22379'], io, { stop: new AbortController().signal });
    expect(io.stderr).toContain('kube-anatomy record: skipped kubectl get replicasets --watch: kubectl exited with code 1 before the recording ended: Error from server (Forbidden): replicasets.apps is forbidden');
    expect(code).toBe(0);
    const manifest = parseBundleManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.redacted).toBe(true);
    expect(manifest.node).toBe('kind-worker');
    expect(manifest.files.map((f) => [f.path, f.format, f.lines])).toEqual(
      expect.arrayContaining([
        ['watch/pods.jsonl', 'watch', 1],
        ['watch/secrets.jsonl', 'watch', 1],
        ['events/events.jsonl', 'k8s-events', 1],
        ['node/ctr-events.txt', 'ctr-events', 1],
        ['etcd/watch.jsonl', 'etcd-watch', 1],
      ]),
    );
    expect(manifest.files.find((f) => f.path === 'node/ctr-events.txt')?.node).toBe('kind-worker');
    expect(manifest.files.some((f) => f.path.includes('replicasets'))).toBe(false);
    expect(manifest.skipped?.map((s) => s.source)).toEqual(['kubectl get replicasets --watch']);

    const pods = readFileSync(join(out, 'watch/pods.jsonl'), 'utf8').trim();
    const stamped = JSON.parse(pods) as { recv: string; ev: { object: { spec: { containers: { env: unknown }[] } } } };
    expect(stamped.recv).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    expect(Math.abs(Date.parse(stamped.recv) - Date.now())).toBeLessThan(60_000);
    expect(stamped.ev.object.spec.containers[0]?.env).toEqual([{ name: 'DB_PASSWORD', value: '<redacted>' }]);
    expect(readFileSync(join(out, 'watch/secrets.jsonl'), 'utf8')).toContain('"data":{"password":"<redacted>"}');
    expect(readFileSync(join(out, 'node/ctr-events.txt'), 'utf8')).toBe(`${CTR}\n`);
    // kubectl's and ctr's real command lines.
    const args = readFileSync(join(bin, 'kubectl.args'), 'utf8');
    expect(args).toContain('get pods --context kind-replay -A --watch -o json --output-watch-events');
    expect(args).toContain('get events.events.k8s.io --context kind-replay -A --watch -o json --output-watch-events');
    expect(readFileSync(join(bin, 'ctr.args'), 'utf8').trim()).toBe('--namespace k8s.io events');
    expect(readFileSync(join(bin, 'etcdctl.args'), 'utf8').trim()).toBe('3 --endpoints http://127.0.0.1:2379,http://127.0.0.1:22379 watch --prefix /registry/ -w json');
    // Stamped; the Secret's value redacted; the uint64 ids exact.
    const etcdLine = readFileSync(join(out, 'etcd/watch.jsonl'), 'utf8').trim();
    expect(etcdLine).toMatch(/^\{"recv":"[^"]+","ev":\{"Header":\{"cluster_id":14841639068965178418,"member_id":10276657743932975437,/);
    expect(etcdLine).toContain('"value":"PHJlZGFjdGVkPg=="');
  });

  it('keeps secrets with --no-redact, and writes a .tar.gz that tar reads', async () => {
    fakeKubectl();
    const out = join(work, 'rec.tar.gz');
    const io = memoryIO();
    expect(await recordCommand(['--out', out, '--resources', 'secrets', '-n', 'default', '--no-redact'], io, { stop: stopAfter(1200) })).toBe(0);
    const listing = execFileSync('tar', ['-tzf', out]).toString().split('\n').filter(Boolean);
    expect(listing).toEqual(['rec/', 'rec/events/events.jsonl', 'rec/manifest.json', 'rec/watch/secrets.jsonl']);
    const x = join(work, 'x');
    mkdirSync(x);
    execFileSync('tar', ['-xzf', out, '-C', x]);
    expect(readFileSync(join(x, 'rec/watch/secrets.jsonl'), 'utf8')).toContain('"password":"aHVudGVyMg=="');
    expect(parseBundleManifest(readFileSync(join(x, 'rec/manifest.json'), 'utf8')).redacted).toBe(false);
    expect(readFileSync(join(bin, 'kubectl.args'), 'utf8')).toContain('get secrets -n default --watch');
    // The staging folder is gone.
    expect(readdirSync(work).filter((f) => f.startsWith('.rec.tar.gz'))).toEqual([]);
  });

  it('says when kubectl is missing, still writes the manifest, and exits 1 when nothing was recorded', async () => {
    process.env.PATH = bin; // nothing there: no kubectl, no etcdctl
    const out = join(work, 'b3');
    const io = memoryIO();
    expect(await recordCommand(['--out', out, '--resources', 'pods', '--etcd-watch', '--etcd-endpoints', 'http://127.0.0.1:1'], io, { stop: stopAfter(300) })).toBe(1);
    expect(io.stderr).toContain('skipped kubectl get pods --watch: kubectl: command not found (install kubectl: https://kubernetes.io/docs/tasks/tools/)');
    expect(io.stderr).toContain('skipped etcdctl watch: etcdctl: command not found');
    expect(io.stderr).toContain('nothing could be recorded');
    const manifest = parseBundleManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files).toEqual([]);
    expect(manifest.skipped?.length).toBe(3);
  });

  it('tails the audit log from where it was, redacted', async () => {
    fakeKubectl();
    const log = join(work, 'audit.log');
    writeFileSync(log, '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"old"}\n');
    const out = join(work, 'b4');
    const io = memoryIO();
    const stop = new AbortController();
    const running = recordCommand(['--out', out, '--resources', 'pods', '--audit-log', log], io, { stop: stop.signal });
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(log, '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a1","objectRef":{"resource":"secrets","name":"db"},"requestObject":{"data":{"k":"dg=="}}}\n{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a2"}\n');
    await new Promise((r) => setTimeout(r, 500));
    stop.abort();
    expect(await running).toBe(0);
    const lines = readFileSync(join(out, 'api/audit.log'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { auditID: string }).auditID)).toEqual(['a1', 'a2']);
    expect(lines[0]).toContain('"data":{"k":"<redacted>"}');
    const io2 = memoryIO();
    expect(await recordCommand(['--out', join(work, 'b4b'), '--resources', 'pods', '--audit-log', join(work, 'nope.log')], io2, { stop: stopAfter(200) })).toBe(0);
    expect(io2.stderr).toContain(`skipped audit log ${join(work, 'nope.log')}: cannot read ${join(work, 'nope.log')}: no such file`);
  });

  it('receives OTLP/HTTP JSON spans on loopback, one request per line, and answers protobuf with 415', async () => {
    fakeKubectl();
    const out = join(work, 'b5');
    const io = memoryIO();
    const stop = new AbortController();
    const running = recordCommand(['--out', out, '--resources', 'pods', '--otlp-listen', '127.0.0.1:0'], io, { stop: stop.signal });
    let url: string | undefined;
    for (let i = 0; i < 100 && url === undefined; i++) {
      url = /receiving OTLP\/HTTP JSON spans on (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/.exec(io.stderr)?.[1];
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(url).toBeDefined();
    const spans = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kube-apiserver' } }] }, scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'HTTP GET', startTimeUnixNano: '1767258001002195000', endTimeUnixNano: '1767258001004105000', attributes: [{ key: 'http.request.header.authorization', value: { stringValue: 'Bearer abc' } }] }] }] }] };
    const ok = await fetch(url!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spans, null, 2) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    const proto = await fetch(url!, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) });
    expect(proto.status).toBe(415);
    expect(((await proto.json()) as { message: string }).message).toContain('OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    const bad = await fetch(url!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"resourceSpans":' });
    expect(bad.status).toBe(400);
    stop.abort();
    expect(await running).toBe(0);
    const lines = readFileSync(join(out, 'otlp/traces.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"traceId":"5b8efff798038103d269b633813fc60c"');
    expect(lines[0]).toContain('"stringValue":"<redacted>"');
  });

  it('writes a runc wrapper that straces create/start/delete/kill into the bundle, and lists the traces', async () => {
    fakeKubectl();
    const runc = join(bin, 'runc-real');
    writeFileSync(runc, '#!/bin/sh\necho "runc $*" > /dev/null\n');
    chmodSync(runc, 0o755);
    const out = join(work, 'b6');
    const io = memoryIO();
    const stop = new AbortController();
    const running = recordCommand(['--out', out, '--resources', 'pods', '--strace-runc', '--runc-binary', runc, '--node', 'n1'], io, { stop: stop.signal });
    const wrapper = join(out, 'strace/runc-traced');
    for (let i = 0; i < 100 && !existsSync(wrapper); i++) await new Promise((r) => setTimeout(r, 20));
    expect(io.stderr).toContain(`BinaryName = "${wrapper}"`);
    expect(io.stderr).toContain('[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]');
    // As the shim calls it: global flags first, then the command.
    execFileSync(wrapper, ['--root', '/run/containerd/runc/k8s.io', '--log', '/dev/null', 'create', '--bundle', '/tmp/b', 'c1']);
    execFileSync(wrapper, ['--root', '/run/containerd/runc/k8s.io', 'state', 'c1']); // not traced
    stop.abort();
    expect(await running).toBe(0);
    const traces = readdirSync(join(out, 'strace')).filter((f) => f.endsWith('.strace'));
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatch(/^k8s\.io-\d+\.strace$/);
    const text = readFileSync(join(out, 'strace', traces[0]!), 'utf8');
    expect(text).toMatch(/^\d+ +\d{10}\.\d{6} execve\(/m);
    const manifest = parseBundleManifest(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.find((f) => f.format === 'strace')).toMatchObject({ path: `strace/${traces[0]}`, node: 'n1' });
    // The wrapper is in the bundle but is no recording: listed apart, so replay skips it.
    expect(manifest.files.map((f) => f.path)).not.toContain('strace/runc-traced');
    expect(manifest.extras).toEqual([{ path: 'strace/runc-traced', description: expect.stringContaining('runc wrapper') }]);
  });

  it('hands every line to the --live sink too, through the RecordSink interface', async () => {
    fakeKubectl();
    const got: { opened: string[]; lines: string[]; manifest?: BundleManifest; url?: string; node?: string } = { opened: [], lines: [] };
    const live: RecordSink = {
      open: (file, format) => void got.opened.push(`${file}=${format}`),
      write: async (_file, lines) => void got.lines.push(...lines),
      close: async (m) => void (got.manifest = m),
    };
    const out = join(work, 'b7');
    const io = memoryIO();
    const code = await recordCommand(['--out', out, '--resources', 'pods', '--live', 'ws://127.0.0.1:8080/live/demo/record', '--node', 'n1'], io, {
      stop: stopAfter(1000),
      openLive: async (url, init) => {
        got.url = url;
        if (init.node !== undefined) got.node = init.node;
        return live;
      },
    });
    expect(code).toBe(0);
    expect(got.url).toBe('ws://127.0.0.1:8080/live/demo/record');
    expect(got.node).toBe('n1');
    expect(got.opened.sort()).toEqual(['events/events.jsonl=k8s-events', 'watch/pods.jsonl=watch']);
    expect(got.lines.sort()).toEqual([readFileSync(join(out, 'events/events.jsonl'), 'utf8').trim(), readFileSync(join(out, 'watch/pods.jsonl'), 'utf8').trim()].sort());
    expect(got.manifest?.files.length).toBe(2);

    const io2 = memoryIO();
    const failing = await recordCommand(['--out', join(work, 'b8'), '--live', 'ws://127.0.0.1:1/live/x/record'], io2, {
      stop: stopAfter(100),
      openLive: async () => {
        throw new Error('live server ws://127.0.0.1:1/live/x/record: connect ECONNREFUSED 127.0.0.1:1');
      },
    });
    expect(failing).toBe(1);
    expect(io2.stderr).toContain('kube-anatomy record: --live ws://127.0.0.1:1/live/x/record: live server ws://127.0.0.1:1/live/x/record: connect ECONNREFUSED');
  });

  it('refuses wrong usage with exit 2', async () => {
    const cases: [string[], string][] = [
      [['--duration', 'soon'], '--duration: time: invalid duration "soon"'],
      [['--namespace', 'a', '-A'], '--namespace and -A (--all-namespaces) cannot be used together'],
      [['--otlp-listen', '0.0.0.0:4318'], '0.0.0.0 is not a loopback address'],
      [['--etcd-watch'], '--etcd-watch needs --etcd-endpoints'],
      [['--runc-binary', '/x'], 'option --runc-binary needs --strace-runc'],
      [['--live', 'http://x'], '--live needs a ws:// or wss:// URL'],
    ];
    for (const [argv, message] of cases) {
      const io = memoryIO();
      expect(await recordCommand(argv, io, { stop: new AbortController().signal })).toBe(2);
      expect(io.stderr).toContain(message);
    }
  });
});

describe('kube-anatomy record, stopped with Ctrl-C (a real process)', () => {
  it('leaves no tool running when the recorder itself is killed hard (SIGKILL): each is on a lifeline', async () => {
    const pids = join(work, 'kubectl-killed.pids');
    fakeKubectl(pids);
    const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'kube-anatomy.mjs');
    const child = spawn(process.execPath, [cli, 'record', '--out', join(work, 'killed'), '--resources', 'pods,secrets'], { env: { ...process.env }, stdio: ['ignore', 'ignore', 'ignore'] });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    for (let i = 0; i < 300; i++) {
      if (existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length === 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const kubectlPids = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(kubectlPids).toHaveLength(3);
    expect(kubectlPids.filter(isRunning)).toHaveLength(3);
    child.kill('SIGKILL'); // no handler runs: only the lifeline can stop the tools
    expect(await exited).toBe('SIGKILL');
    // The kernel closes the recorder's pipes; each watcher then stops its tool.
    for (let i = 0; i < 200 && kubectlPids.some(isRunning); i++) await new Promise((r) => setTimeout(r, 50));
    expect(kubectlPids.filter(isRunning)).toEqual([]);
  }, 60_000);

  it('stops its children by pid, flushes the files and writes the manifest and the archive on SIGINT', async () => {
    const pids = join(work, 'kubectl.pids');
    fakeKubectl(pids);
    const out = join(work, 'ctrl-c.tar.gz');
    // The executable users run (bin/kube-anatomy.mjs), spawned, not imported.
    const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'kube-anatomy.mjs');
    const child = spawn(process.execPath, [cli, 'record', '--out', out, '--resources', 'pods,secrets'], { env: { ...process.env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Running once the three kubectl processes (pods, secrets, events) have started.
    for (let i = 0; i < 300; i++) {
      if (existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length === 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    // As a terminal's Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping');
    expect(stderr).not.toContain('skipped');
    const kubectlPids = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(kubectlPids).toHaveLength(3);
    for (const pid of kubectlPids) expect(() => process.kill(pid, 0)).toThrow(); // all gone
    const listing = execFileSync('tar', ['-tzf', out]).toString();
    expect(listing).toContain('ctrl-c/manifest.json');
    const manifest = parseBundleManifest(execFileSync('tar', ['-xzOf', out, 'ctrl-c/manifest.json']).toString());
    expect(manifest.files.map((f) => [f.path, f.lines]).sort()).toEqual([
      ['events/events.jsonl', 1],
      ['watch/pods.jsonl', 1],
      ['watch/secrets.jsonl', 1],
    ]);
  }, 60_000);
});
