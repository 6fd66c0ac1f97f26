/**
 * An image pull as containerd's CRI plugin does it (PullImage → client.Pull with unpack):
 * resolve the reference with a HEAD on the manifest (Docker Hub answers 401 first and the
 * resolver fetches a bearer token), fetch the index, the platform manifest and the config, fetch
 * the layers concurrently (max_concurrent_downloads = 3, the CRI default) sharing the
 * bandwidth, and unpack each layer in order into an overlayfs snapshot (Prepare
 * "extract-<n>-<rand> <chainID>", Apply the diff, Commit as the chain ID), then record the image
 * under its tag, id and repo digest with the label io.cri-containerd.image=managed.
 *
 * Read from containerd: remotes/docker/resolver.go (HEAD, Docker-Content-Digest),
 * remotes/docker/authorizer.go (Bearer token), pkg/unpack/unpacker.go (fetch ahead, apply in
 * order, "extract-%s %s" keys), snapshots/overlay, pkg/cri/server/image_pull.go
 * (createImageReference for id, tag and digest). Event topics and payload shapes are those of
 * `ctr events` (real-capture-notes 2 and traces/public/containerd).
 *
 * Durations are estimates (the real capture ran offline and pulled nothing): registry round trips
 * 60–140 ms, a layer's first byte after ~90 ms (including the CDN redirect), unpacking at
 * ~60 MB/s of compressed input on a 2-vCPU VM.
 */
import { sha256Digest, sha256Hex } from './sha256.ts';

export interface PullStep {
  /** HTTP method (HEAD, GET) or snapshotter/diff/image call (Prepare, Apply, Commit, images.Create, images.Update). */
  op: string;
  attrs: Record<string, unknown>;
  /** Duration in µs. */
  dur: number;
  /** Start, in µs after the pull began (layer fetches overlap). */
  at: number;
}

export interface PullImageInput {
  /** e.g. docker.io/library/nginx:1.27 */
  normalized: string;
  /** e.g. docker.io/library/nginx@sha256:<index digest> */
  repoDigest: string;
  /** sha256:<config digest> — the image id. */
  id: string;
  sizeBytes: number;
  layers: { digest: string; size: number; diffId?: string }[];
}

export interface PullOptions {
  bandwidthBytesPerSecond: number;
  /** CRI max_concurrent_downloads (default 3). */
  maxConcurrentDownloads?: number;
  /** First overlayfs snapshot number this pull gets (snapshots/<n>/fs). */
  firstSnapshotId?: number;
  /** Nanosecond-ish counter used in the extract-<n>-<rand> snapshot keys. */
  keySeed?: number;
}

/** Round-trip and throughput estimates, µs and bytes/s. */
export const PULL_TIMING = {
  headUnauthorized: 65_000,
  token: 140_000,
  headManifest: 70_000,
  getManifest: 75_000,
  getConfig: 70_000,
  layerFirstByte: 90_000,
  unpackBytesPerSecond: 60 * 1024 * 1024,
  snapshotPrepare: 2_500,
  snapshotCommit: 4_000,
  imageRecord: 1_500,
} as const;

const MANIFEST_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

function splitRef(normalized: string): { host: string; repo: string; reference: string } {
  const at = normalized.indexOf('@');
  let name = normalized;
  let reference = 'latest';
  if (at !== -1) {
    reference = normalized.slice(at + 1);
    name = normalized.slice(0, at);
  } else {
    const colon = normalized.lastIndexOf(':');
    if (colon > normalized.lastIndexOf('/')) {
      reference = normalized.slice(colon + 1);
      name = normalized.slice(0, colon);
    }
  }
  const slash = name.indexOf('/');
  const domain = name.slice(0, slash);
  // Docker Hub's registry API lives on registry-1.docker.io.
  const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain;
  return { host, repo: name.slice(slash + 1), reference };
}

function digestOf(repoDigest: string): string {
  const at = repoDigest.indexOf('@');
  return at === -1 ? repoDigest : repoDigest.slice(at + 1);
}

function transferUs(bytes: number, bw: number): number {
  return Math.round((bytes / bw) * 1e6);
}

/** Layer chain IDs (image-spec config.md): chain(0) = diffID(0), chain(n) = sha256(chain(n-1) + " " + diffID(n)). */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) out.push(out.length === 0 ? d : sha256Digest(`${out[out.length - 1]} ${d}`));
  return out;
}

/**
 * When a scenario gives only the compressed digest, a stable stand-in for the layer's diffID
 * (the sha256 of the uncompressed tar, which only unpacking would reveal).
 */
export function standInDiffId(layerDigest: string): string {
  return sha256Digest(`diff_id:${layerDigest}`);
}

/**
 * Completion times (µs from start) of concurrent downloads sharing one link: up to `slots`
 * at a time in order, each waiting `firstByte` before its bytes flow, the bandwidth split evenly
 * among those transferring (processor sharing).
 */
export function shareBandwidth(sizes: readonly number[], bw: number, slots: number, firstByte: number): { start: number; end: number }[] {
  const n = sizes.length;
  const start = new Array<number>(n).fill(0);
  const end = new Array<number>(n).fill(0);
  const remaining = sizes.map((s) => s);
  const flowingAt = new Array<number>(n).fill(Infinity);
  let next = 0;
  let t = 0;
  const active = new Set<number>();
  const admit = () => {
    while (active.size < slots && next < n) {
      start[next] = t;
      flowingAt[next] = t + firstByte;
      active.add(next);
      next++;
    }
  };
  admit();
  while (active.size > 0) {
    const flowing = [...active].filter((i) => flowingAt[i]! <= t);
    const rate = flowing.length > 0 ? bw / flowing.length : 0;
    let dt = Infinity;
    for (const i of active) {
      if (flowingAt[i]! > t) dt = Math.min(dt, flowingAt[i]! - t);
      else dt = Math.min(dt, (remaining[i]! / rate) * 1e6);
    }
    for (const i of flowing) remaining[i] = remaining[i]! - (rate * dt) / 1e6;
    t += dt;
    for (const i of [...active]) {
      if (flowingAt[i]! <= t && remaining[i]! <= 1e-6) {
        end[i] = t;
        active.delete(i);
      }
    }
    admit();
  }
  return start.map((s, i) => ({ start: Math.round(s), end: Math.round(end[i]!) }));
}

/** Base64url characters for the random part of extract keys. */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The steps of pulling and unpacking one image, ordered by start time. */
export function pullSteps(image: PullImageInput, opts: PullOptions): PullStep[] {
  const T = PULL_TIMING;
  const bw = opts.bandwidthBytesPerSecond;
  const { host, repo, reference } = splitRef(image.normalized);
  const base = `https://${host}/v2/${repo}`;
  const indexDigest = digestOf(image.repoDigest);
  const manifestDigest = sha256Digest(`manifest:${indexDigest}:linux/amd64`);
  const steps: PullStep[] = [];
  let t = 0;
  const push = (op: string, attrs: Record<string, unknown>, dur: number, at = t) => {
    steps.push({ op, attrs, dur, at });
    return at + dur;
  };

  // Resolve: Docker Hub wants a token even for public images; other registries answer directly.
  if (host === 'registry-1.docker.io') {
    t = push('HEAD', { url: `${base}/manifests/${reference}`, status: 401, 'www-authenticate': `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:${repo}:pull"` }, T.headUnauthorized);
    t = push('GET', { url: `https://auth.docker.io/token?scope=repository%3A${encodeURIComponent(repo)}%3Apull&service=registry.docker.io`, status: 200, what: 'bearer token' }, T.token);
  }
  t = push('HEAD', { url: `${base}/manifests/${reference}`, status: 200, 'docker-content-digest': indexDigest, 'content-type': MANIFEST_TYPES.index, phase: 'resolve' }, T.headManifest);
  t = push('GET', { url: `${base}/manifests/${indexDigest}`, status: 200, 'content-type': MANIFEST_TYPES.index, platform: 'linux/amd64 → manifest' }, T.getManifest);
  t = push('GET', { url: `${base}/manifests/${manifestDigest}`, status: 200, 'content-type': MANIFEST_TYPES.manifest }, T.getManifest);
  t = push('GET', { url: `${base}/blobs/${image.id}`, status: 200, 'content-type': MANIFEST_TYPES.config, digest: image.id }, T.getConfig + transferUs(8 * 1024, bw));

  // Layers: fetched concurrently, bytes shared; written to the content store as they arrive.
  const windows = shareBandwidth(image.layers.map((l) => l.size), bw, opts.maxConcurrentDownloads ?? 3, T.layerFirstByte);
  const fetchStart = t;
  image.layers.forEach((layer, i) => {
    const w = windows[i]!;
    push('GET', { url: `${base}/blobs/${layer.digest}`, status: 200, digest: layer.digest, size: layer.size, 'content-type': MANIFEST_TYPES.layer, ingest: `/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/${layer.digest.replace(/^sha256:/, '')}` }, w.end - w.start, fetchStart + w.start);
  });

  // Unpack in order: layer i can be applied once fetched and once layer i-1 is committed.
  const diffIds = image.layers.map((l) => l.diffId ?? standInDiffId(l.digest));
  const chains = chainIds(diffIds);
  let snapshotId = opts.firstSnapshotId ?? 1;
  let keyCounter = opts.keySeed ?? 100_000_000;
  let unpackFree = fetchStart;
  image.layers.forEach((layer, i) => {
    const fetched = fetchStart + windows[i]!.end;
    let at = Math.max(fetched, unpackFree);
    const rand = sha256Hex(`${layer.digest}/${i}`);
    const key = `extract-${keyCounter}-${B64[parseInt(rand.slice(0, 2), 16) % 64]}${B64[parseInt(rand.slice(2, 4), 16) % 64]}${B64[parseInt(rand.slice(4, 6), 16) % 64]}${B64[parseInt(rand.slice(6, 8), 16) % 64]} ${chains[i]}`;
    keyCounter += 1_234_567;
    const parent = i === 0 ? '' : chains[i - 1];
    const snapDir = `/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${snapshotId}`;
    const lower = Array.from({ length: i }, (_, k) => `/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${snapshotId - 1 - k}/fs`).join(':');
    const mounts = i === 0 ? [{ type: 'bind', source: `${snapDir}/fs`, options: ['rbind', 'rw'] }] : [{ type: 'overlay', source: 'overlay', options: [`workdir=${snapDir}/work`, `upperdir=${snapDir}/fs`, `lowerdir=${lower}`] }];
    at = push('Prepare', { snapshotter: 'overlayfs', key, parent, event: { topic: '/snapshot/prepare', payload: { key, parent, snapshotter: 'overlayfs' } } }, T.snapshotPrepare, at);
    at = push('Apply', { digest: layer.digest, mediaType: MANIFEST_TYPES.layer, diffId: diffIds[i], mounts }, transferUs(layer.size, T.unpackBytesPerSecond), at);
    at = push('Commit', { snapshotter: 'overlayfs', key, name: chains[i], event: { topic: '/snapshot/commit', payload: { key, name: chains[i], snapshotter: 'overlayfs' } } }, T.snapshotCommit, at);
    unpackFree = at;
    snapshotId++;
  });

  // Image records: the tag (client.Pull), then createImageReference for id, tag and digest.
  const labels = { 'io.cri-containerd.image': 'managed' };
  t = Math.max(unpackFree, ...steps.map((s) => s.at + s.dur));
  const hasTag = !image.normalized.includes('@');
  const records: [string, string, string][] = hasTag
    ? [['images.Create', '/images/create', image.normalized], ['images.Create', '/images/create', image.id], ['images.Update', '/images/update', image.normalized], ['images.Create', '/images/create', image.repoDigest]]
    : [['images.Create', '/images/create', image.id], ['images.Create', '/images/create', image.repoDigest]];
  for (const [op, topic, name] of records) {
    t = push(op, { name, target: { mediaType: MANIFEST_TYPES.index, digest: indexDigest, size: 10_240 }, labels, event: { topic, payload: { name, labels } } }, T.imageRecord);
  }
  return steps.sort((a, b) => a.at - b.at || 0);
}

/** When the last step ends, µs after the pull began: the "in 4.2s" of the kubelet's Pulled event. */
export function pullDuration(steps: readonly PullStep[]): number {
  return steps.reduce((m, s) => Math.max(m, s.at + s.dur), 0);
}
