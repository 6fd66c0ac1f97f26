import { chainIds, PULL_TIMING, standInDiffId } from '../containerd/pull.ts';
import { layerDir } from './config.ts';

/**
 * An image pull as CRI-O does it (server/image_pull.go → containers/image copy.Image into
 * containers/storage): resolve the manifest, fetch the config, then each layer blob, and apply
 * each into the overlay driver as a layer of its own (overlay/<layer id>/diff, the layer id being
 * the chain ID), bottom first; the image is recorded in overlay-images. Durations share
 * containerd's registry estimates (domain/containerd/pull.ts PULL_TIMING).
 */
export function crioPullSteps(image: { normalized: string; id: string; layers: { digest: string; size: number; diffId?: string }[] }, bandwidthBytesPerSecond: number): { op: string; dur: number; attrs: Record<string, unknown> }[] {
  const at = image.normalized.lastIndexOf(':');
  const slash = image.normalized.indexOf('/');
  const host = image.normalized.slice(0, slash) === 'docker.io' ? 'registry-1.docker.io' : image.normalized.slice(0, slash);
  const repo = image.normalized.slice(slash + 1, at > slash ? at : undefined);
  const tag = at > slash ? image.normalized.slice(at + 1) : 'latest';
  const base = `https://${host}/v2/${repo}`;
  const chains = chainIds(image.layers.map((l) => l.diffId ?? standInDiffId(l.digest)));
  const steps: { op: string; dur: number; attrs: Record<string, unknown> }[] = [
    { op: 'GET', dur: PULL_TIMING.headManifest, attrs: { url: `${base}/manifests/${tag}`, status: 200, what: 'manifest' } },
    { op: 'GET', dur: PULL_TIMING.headManifest, attrs: { url: `${base}/blobs/${image.id}`, status: 200, what: 'config' } },
  ];
  image.layers.forEach((l, i) => {
    steps.push({ op: 'GET', dur: Math.max(1, Math.round((l.size / bandwidthBytesPerSecond) * 1_000_000)), attrs: { url: `${base}/blobs/${l.digest}`, status: 200, what: 'layer', size: l.size } });
    const layerId = (chains[i] ?? '').replace(/^sha256:/, '');
    steps.push({ op: 'storage apply layer', dur: Math.max(1, Math.round((l.size / 60_000_000) * 1_000_000)), attrs: { driver: 'overlay', layer: layerId, path: `${layerDir(layerId)}/diff` } });
  });
  steps.push({ op: 'storage create image', dur: 200, attrs: { driver: 'overlay', id: image.id.replace(/^sha256:/, ''), names: [image.normalized] } });
  return steps;
}

/** The overlay layer ids of an image (its chain IDs), bottom first. */
export function layerIds(image: { layers: { digest: string; diffId?: string }[] }): string[] {
  return chainIds(image.layers.map((l) => l.diffId ?? standInDiffId(l.digest))).map((c) => c.replace(/^sha256:/, ''));
}
