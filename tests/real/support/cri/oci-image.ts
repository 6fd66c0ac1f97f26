import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../host.ts';

/**
 * OCI images built by hand from Debian's busybox-static (real-capture-notes section 2): one
 * layer each, a gzipped tar made with `--sort=name --mtime=@0 --owner=0 --group=0` and
 * `gzip -n`, so the digests are the same on every run with the same busybox binary. Nothing is
 * pulled from the Internet: the sandbox image is imported with `ctr images import`, the app
 * image is served by a registry on loopback inside containerd's network namespace
 * (registry-server.mjs).
 *
 * The images stand in for the ones the simulator knows by name (domain/images/programs.ts):
 * `registry.k8s.io/pause:3.10` (ENTRYPOINT /pause, user 65535, exits 0 on SIGTERM/SIGINT, as
 * build/pause/linux/pause.c does; here a busybox shell script does it) and
 * `docker.io/library/busybox:1.36` (CMD sh). Their digests and sizes are not Docker Hub's.
 */

export const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface BuiltImage {
  /** The normalized name: docker.io/library/busybox:1.36. */
  name: string;
  /** The OCI image layout directory (oci-layout, index.json, blobs/sha256/…). */
  layout: string;
  manifest: Descriptor;
  config: Descriptor;
  layer: Descriptor;
  /** sha256 of the uncompressed layer tar (rootfs.diff_ids[0], the snapshot chain id). */
  diffId: string;
}

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const BUSYBOX_IMAGE = 'docker.io/library/busybox:1.36';

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The pause program: PID 1 of the sandbox, waiting for a signal; TERM and INT end it with 0. */
const PAUSE_SCRIPT = `#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
`;

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function rootfsBusybox(dir: string, busybox: string): void {
  for (const d of ['bin', 'dev', 'etc', 'proc', 'root', 'sys', 'tmp', 'var']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync(busybox, join(dir, 'bin', 'busybox'));
  chmodSync(join(dir, 'bin', 'busybox'), 0o755);
  const applets = run(busybox, ['--list']).stdout.split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
  chmodSync(join(dir, 'tmp'), 0o1777);
}

function rootfsPause(dir: string, busybox: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(busybox, join(dir, 'bin', 'busybox'));
  chmodSync(join(dir, 'bin', 'busybox'), 0o755);
  for (const a of ['sh', 'sleep']) symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(join(dir, 'pause'), PAUSE_SCRIPT);
  chmodSync(join(dir, 'pause'), 0o755);
}

/** A deterministic gzipped tar of `rootfs`, and its diff id (the sha256 of the plain tar). */
function layerOf(rootfs: string, out: string): { gz: Buffer; diffId: string } {
  const tarPath = `${out}.tar`;
  const t = run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-C', rootfs, '-cf', tarPath, '.']);
  if (t.code !== 0) throw new Error(`tar failed: ${t.stderr}`);
  const z = run('gzip', ['-n', '-9', '-f', tarPath]);
  if (z.code !== 0) throw new Error(`gzip failed: ${z.stderr}`);
  // gzip replaced foo.tar with foo.tar.gz; the diff id is of the uncompressed bytes.
  return { gz: readFileSync(`${tarPath}.gz`), diffId: diffIdOf(`${tarPath}.gz`) };
}

function diffIdOf(gzPath: string): string {
  const r = run('sh', ['-c', 'gzip -dc "$1" | sha256sum', 'sh', gzPath]);
  if (r.code !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
  return `sha256:${r.stdout.split(' ')[0]}`;
}

function writeBlob(layout: string, data: Buffer): string {
  const digest = sha256(data);
  const dir = join(layout, 'blobs', 'sha256');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, digest.slice('sha256:'.length)), data);
  return digest;
}

/** Builds one image into `work/<short>/`: rootfs, layer, config, manifest and the OCI layout. */
export function buildImage(work: string, which: 'busybox' | 'pause', busybox: string): BuiltImage {
  const name = which === 'pause' ? PAUSE_IMAGE : BUSYBOX_IMAGE;
  const base = join(work, which);
  const rootfs = join(base, 'rootfs');
  const layout = join(base, 'layout');
  mkdirSync(rootfs, { recursive: true });
  mkdirSync(layout, { recursive: true });
  if (which === 'pause') rootfsPause(rootfs, busybox);
  else rootfsBusybox(rootfs, busybox);
  const { gz, diffId } = layerOf(rootfs, join(base, 'layer'));
  const layer: Descriptor = { mediaType: MEDIA.layer, digest: writeBlob(layout, gz), size: gz.length };
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : process.arch;
  const imageConfig =
    which === 'pause'
      ? { Entrypoint: ['/pause'], Env: [PATH_ENV], User: '65535:65535', WorkingDir: '/' }
      : { Cmd: ['sh'], Env: [PATH_ENV] };
  const configJson = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: imageConfig, rootfs: { type: 'layers', diff_ids: [diffId] } }));
  const config: Descriptor = { mediaType: MEDIA.config, digest: writeBlob(layout, configJson), size: configJson.length };
  const manifestJson = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.manifest, config, layers: [layer] }));
  const manifest: Descriptor = { mediaType: MEDIA.manifest, digest: writeBlob(layout, manifestJson), size: manifestJson.length };
  const tag = name.slice(name.lastIndexOf(':') + 1);
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests: [{ ...manifest, annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { name, layout, manifest, config, layer, diffId };
}

/** The layout as a tar for `ctr images import`. */
export function layoutArchive(image: BuiltImage, out: string): string {
  const t = run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-C', image.layout, '-cf', out, '.']);
  if (t.code !== 0) throw new Error(`tar failed: ${t.stderr}`);
  return out;
}
