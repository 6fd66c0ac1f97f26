/**
 * `npm run record:fixtures` (as root): records the app's sample traces in public/traces/ from
 * the real software on this machine, never by hand (issue 5, item 8): one pod on a private
 * containerd 1.6 with runc under strace, and a real etcd's watch (capture.ts), as the raw bundle
 * `public/traces/containerd-runc-pod/` (manifest.json + the recordings) and its merge by
 * `kube-anatomy replay`, `public/traces/containerd-runc-pod.kanatomy.jsonl`; then
 * public/traces/README.md says how, on what and when.
 */
import { spawnSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordPodRun } from './capture.ts';
import { runReplay } from './replay-cli.ts';

const PUBLIC_TRACES = new URL('../../../../public/traces/', import.meta.url).pathname;
const NAME = 'containerd-runc-pod';

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

function versionOf(cmd: string, args: string[], re: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return re.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown';
}

async function main(): Promise<void> {
  const bundle = join(PUBLIC_TRACES, NAME);
  const merged = join(PUBLIC_TRACES, `${NAME}.kanatomy.jsonl`);
  rmSync(bundle, { recursive: true, force: true });
  const run = await recordPodRun(bundle);
  // record leaves its runc wrapper script in the bundle (strace/runc-traced); it is not a
  // recording (the manifest does not list it), so the app's sample holds only what it lists.
  const listed = new Set(run.manifest.files.map((f) => f.path));
  for (const extra of ['strace/runc-traced']) if (!listed.has(extra)) rmSync(join(bundle, extra), { force: true });
  const files = run.manifest.files.map((f) => join(bundle, f.path));
  const r = runReplay(files, merged);
  if (r.code !== 0 || r.badLines.length) throw new Error(`kube-anatomy replay failed (exit ${r.code}):\n${r.stderr}`);
  const etcdVersion = versionOf('etcd', ['--version'], /etcd Version: (\S+)/);
  const size = (p: string): string => `${Math.round(statSync(p).size / 1024)} KiB`;
  const readme = `# public/traces — sample traces recorded on real software

Every file here was recorded by \`npm run record:fixtures\`
([tests/real/support/replay/record-samples.ts](../../tests/real/support/replay/record-samples.ts), as root),
never written by hand. Re-run it to record them anew; the test
\`tests/real/replay-containerd-etcd.test.ts\` (\`npm run test:real\`) records and checks the same sequence.

## ${NAME}

One Pod (\`default/web\`, uid \`${run.truth.pod.uid}\`, one busybox container \`app\`) on node \`${run.manifest.node}\`,
from RunPodSandbox to RemovePodSandbox, on a private containerd driven over gRPC through its CRI
plugin the way the kubelet drives it, recorded by

    kube-anatomy record --node ${run.manifest.node} --resources pods --ctr-events --containerd-address <sock> \\
      --strace-runc --runc-binary <runc> --etcd-watch --etcd-endpoints <etcd> --etcd-prefix /registry/ \\
      --otlp-listen 127.0.0.1:0

(runc under record's strace wrapper as the runc runtime's \`BinaryName\`), while the harness,
playing the kubelet, sent its CRI spans to record's OTLP receiver and, playing kube-apiserver,
wrote the Pod's and the node Lease's keys to a real etcd.

- \`${NAME}/\` — the raw bundle (\`manifest.json\` lists each file with its format):
${run.manifest.files.map((f) => `  - \`${f.path}\` (${f.format}, ${f.lines} lines): ${f.description}`).join('\n')}
- \`${NAME}.kanatomy.jsonl\` — the bundle merged by \`kube-anatomy replay ${NAME}/… --out ${NAME}.kanatomy.jsonl\`
  (${r.trace?.events.length ?? 0} events, ${size(merged)}); open it in the app.

What the real software returned: sandbox \`${run.truth.sandboxId}\`, container
\`${run.truth.containerId}\`, pod IP ${run.truth.podIP || '(none)'}, etcd revisions
${run.truth.etcdWrites.map((w) => `${w.op} ${w.key} → ${w.revision}`).join('; ')}.

Not recorded: ${[...run.truth.skipped, ...(run.manifest.skipped ?? [])].map((s) => `\`${s.source}\` — ${s.reason}`).join('; ') || 'nothing'}.
The kubelet's OTLP spans are written by the harness, which plays the kubelet (no kubelet binary
is packaged in Debian 12): the CRI calls it really made, with their real times and status codes,
plus the ids and names each call named or got back, as containerd's CRI span attributes
(\`sandbox.id\`, \`container.id\`, \`pod.*\`, \`container.name\`; see tests/real/support/replay/otlp-spans.ts).
The etcd values are kube-shaped JSON written by the harness (JSON storage, not kube-apiserver's
protobuf); revisions, versions and the watch are real etcd.

## Recorded on

- ${run.manifest.startedAt} (UTC; the recording VM's clock)
- ${osName()}, kernel ${release()}, ${cpus().length} vCPU, cgroup v${run.truth.cgroupVersion}, as root
- containerd ${run.truth.containerd} (CRI plugin), runc ${run.truth.runc}, etcd ${etcdVersion},
  strace ${versionOf('strace', ['-V'], /version (\S+)/)}, node ${process.version}
`;
  writeFileSync(join(PUBLIC_TRACES, 'README.md'), readme);
  console.log(`recorded ${bundle} (${run.manifest.files.length} files) and ${merged} (${r.trace?.events.length ?? 0} events)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
