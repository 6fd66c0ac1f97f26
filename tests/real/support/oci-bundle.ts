import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './host.ts';

/**
 * Builds an OCI bundle whose rootfs holds only a static busybox (Debian's busybox-static) and the
 * applets the process needs, then writes config.json with `runc spec` (the runtime's own default
 * spec, as `ctr` and the CRI start from) and sets the process: no terminal, `args`.
 */
export function makeBusyboxBundle(opts: { dir: string; runc: string; busybox: string; args: readonly string[]; applets: readonly string[] }): string {
  const rootfs = join(opts.dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'etc', 'root']) mkdirSync(join(rootfs, d), { recursive: true });
  copyFileSync(opts.busybox, join(rootfs, 'bin', 'busybox'));
  for (const applet of opts.applets) symlinkSync('busybox', join(rootfs, 'bin', applet));
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\n');

  const spec = run(opts.runc, ['spec'], { cwd: opts.dir });
  if (spec.code !== 0) throw new Error(`runc spec failed: ${spec.stderr}`);
  const configPath = join(opts.dir, 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { process: { terminal: boolean; args: string[] } };
  config.process.terminal = false;
  config.process.args = [...opts.args];
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return opts.dir;
}
