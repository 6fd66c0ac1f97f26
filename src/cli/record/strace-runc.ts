import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Capture, Recording } from './recording.ts';

/**
 * `--strace-runc`: a wrapper script for containerd's runc shim (`BinaryName` in the runc runtime
 * options) that runs the real runc under `strace -D -f -ttt` for the calls that set a container
 * up or tear it down (create, start, delete, kill), writing `<bundle>/strace/<ns>-<pid>.strace`;
 * every other call (state, events, ps…) goes straight to runc. `-D` runs strace as a detached
 * grandchild so the shim still sees runc exit when `-f` goes on following the container's init.
 * `<ns>` is the containerd namespace, the last part of runc's `--root /run/containerd/runc/<ns>`.
 * The traces are written by runc's caller, not through the sink: at stop they are listed in the
 * manifest as `strace` files.
 */
/** The wrapper's file name in the bundle's `strace/` folder. */
export const WRAPPER_NAME = 'runc-traced';

export class StraceRuncCapture implements Capture {
  readonly source = 'strace of runc';
  private rec: Recording | undefined;
  private dir = '';

  constructor(
    private readonly bundleDir: string,
    private readonly runcBinary: string | undefined,
    private readonly node: string | undefined,
  ) {}

  async start(rec: Recording): Promise<void> {
    const runc = this.runcBinary ?? findInPath('runc');
    if (runc === undefined) {
      rec.skip(this.source, 'runc: command not found (give its path with --runc-binary)');
      return;
    }
    if (!existsSync(runc)) {
      rec.skip(this.source, `${runc}: no such file`);
      return;
    }
    if (findInPath('strace') === undefined) {
      rec.skip(this.source, 'strace: command not found (Debian/Ubuntu: apt-get install strace)');
      return;
    }
    this.rec = rec;
    this.dir = resolve(this.bundleDir, 'strace');
    mkdirSync(this.dir, { recursive: true });
    const wrapper = join(this.dir, WRAPPER_NAME);
    writeFileSync(wrapper, wrapperScript(resolve(runc), this.dir));
    chmodSync(wrapper, 0o755);
    // The wrapper stays in the bundle (the BinaryName containerd was pointed at must keep
    // existing), listed in the manifest's `extras`: replay reads it as no recording.
    rec.extra(`strace/${WRAPPER_NAME}`, 'the runc wrapper script containerd ran as its runc BinaryName (not a recording)');
    rec.log(
      `kube-anatomy record: runc wrapper written to ${wrapper}\n` +
        '  Point containerd at it, in /etc/containerd/config.toml, and restart containerd:\n' +
        '    containerd 2.x: [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]\n' +
        '    containerd 1.7: [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n' +
        `      BinaryName = "${wrapper}"\n` +
        '  Put BinaryName back (or remove it) after the recording.\n',
    );
  }

  async stop(): Promise<void> {
    const rec = this.rec;
    if (rec === undefined) return;
    const traces = readdirSync(this.dir).filter((f) => f.endsWith('.strace')).sort();
    if (traces.length === 0) rec.log('kube-anatomy record: no runc call was traced (was containerd restarted with BinaryName set to the wrapper?)\n');
    for (const f of traces) {
      const text = readFileSync(join(this.dir, f), 'utf8');
      const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      rec.adopt(`strace/${f}`, 'strace', `strace -D -f -ttt -s 256 of runc ${f.replace(/\.strace$/, '')} (namespace-pid)`, lines, this.node);
    }
  }
}

export function wrapperScript(runc: string, dir: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh
# Written by kube-anatomy record --strace-runc: runs ${runc} under strace for the calls that
# create, start, kill and delete containers; the other calls go to runc directly.
RUNC=${q(runc)}
OUT=${q(dir)}
ns=default
prev=
for a in "$@"; do
  case "$prev" in --root) ns=$(basename "$a") ;; esac
  case "$a" in --root=*) ns=$(basename "\${a#--root=}") ;; esac
  prev=$a
done
case " $* " in
  *" create "*|*" start "*|*" delete "*|*" kill "*)
    exec strace -D -f -ttt -s 256 -o "$OUT/$ns-$$.strace" "$RUNC" "$@" ;;
esac
exec "$RUNC" "$@"
`;
}

export function findInPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
