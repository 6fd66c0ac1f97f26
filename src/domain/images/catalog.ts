import { fnv32a } from '../k8s/hash.ts';
import { sha256Hex } from './sha256.ts';
import { familiarName, normalizeImageName, parseImageReference, repositoryName } from './reference.ts';

export { normalizeImageName } from './reference.ts';

/**
 * A small catalog of container images with realistic sizes and layer counts, so pulls take
 * plausible times and `crictl images`, node status and "Image size: N bytes" look right.
 *
 * SIMULATED DIGESTS: every digest here (repo digest, config digest = image id, layer digests)
 * is computed with sha256 from the image name. They have the real shape (sha256:<64 hex>) and are
 * stable across runs, but they are NOT the digests the registries serve.
 * Sizes are compressed (registry) sizes for linux/amd64, rounded from public listings; the total
 * is what containerd reports as the image size (layers; the few KB of config and manifest are
 * left out).
 */
export interface ImageInfo {
  /** The reference as given: 'nginx:1.27'. */
  ref: string;
  /** Normalized: 'docker.io/library/nginx:1.27'. */
  normalized: string;
  /** 'docker.io/library/nginx@sha256:…' (containerStatuses[].imageID, node status image names). */
  repoDigest: string;
  /** The config digest, 'sha256:…': the image id crictl and containerd show. */
  id: string;
  /** Sum of the layer sizes, in bytes (the Pulled event's "Image size"). */
  sizeBytes: number;
  layers: { digest: string; size: number }[];
  /** False for images not in the catalog, whose size and layers are derived from the name. */
  known: boolean;
}

interface CatalogEntry {
  /** Layer sizes in bytes, base layer first. */
  layers: number[];
}

/**
 * Known images, by normalized name. Layer lists follow each image's real structure (e.g. nginx:
 * a Debian base, the nginx layer, five small config/entrypoint layers).
 */
const CATALOG: Record<string, CatalogEntry> = {
  // Debian bookworm base + nginx + 5 small layers (docker-entrypoint.sh and the entrypoint.d scripts).
  'docker.io/library/nginx:1.27': { layers: [28_232_509, 43_862_391, 628, 956, 405, 1_211, 1_401] },
  'docker.io/library/nginx:1.28': { layers: [28_232_509, 43_901_288, 628, 955, 405, 1_210, 1_401] },
  'docker.io/library/nginx:1.29': { layers: [29_769_216, 42_447_101, 626, 954, 404, 1_209, 1_399] },
  'docker.io/library/nginx:latest': { layers: [29_769_216, 42_447_101, 626, 954, 404, 1_209, 1_399] },
  'docker.io/library/nginx:1.27-alpine': { layers: [3_644_122, 1_795_840, 628, 955, 404, 1_209, 1_399, 16_218_341] },
  'docker.io/library/httpd:2.4': { layers: [28_230_961, 145, 4_103_782, 25_620_119, 293] },
  'docker.io/library/httpd:latest': { layers: [28_230_961, 145, 4_103_782, 25_620_119, 293] },
  // The last httpd 2.2 image (2018): a Debian jessie base and a source build.
  'docker.io/library/httpd:2.2': { layers: [22_492_351, 171, 3_063_207, 25_171_810, 6_238_302, 291] },
  'docker.io/library/busybox:1.36': { layers: [2_152_262] },
  'docker.io/library/busybox:1.37': { layers: [2_156_518] },
  'docker.io/library/busybox:latest': { layers: [2_156_518] },
  'docker.io/library/alpine:3.20': { layers: [3_626_898] },
  'docker.io/library/alpine:3.22': { layers: [3_799_835] },
  'docker.io/library/alpine:latest': { layers: [3_799_835] },
  'docker.io/library/ubuntu:24.04': { layers: [29_723_147] },
  'docker.io/library/redis:7.4': { layers: [28_231_018, 1_103, 984_381, 1_251_712, 15_502_871, 98, 32, 574] },
  'docker.io/library/redis:7': { layers: [28_231_018, 1_103, 984_381, 1_251_712, 15_502_871, 98, 32, 574] },
  'docker.io/library/redis:latest': { layers: [29_769_216, 1_101, 1_102_117, 1_313_604, 22_810_332, 98, 32, 574] },
  'docker.io/library/postgres:16': {
    layers: [28_231_018, 1_082, 4_297_431, 1_446_977, 8_066_288, 1_195_853, 116, 3_142, 111_973_820, 9_868, 129, 186, 5_931, 183],
  },
  'docker.io/library/postgres:17': {
    layers: [28_231_018, 1_081, 4_297_503, 1_447_021, 8_066_301, 1_195_911, 116, 3_143, 114_118_605, 9_869, 129, 186, 5_932, 183],
  },
  'docker.io/library/postgres:latest': {
    layers: [28_231_018, 1_081, 4_297_503, 1_447_021, 8_066_301, 1_195_911, 116, 3_143, 114_118_605, 9_869, 129, 186, 5_932, 183],
  },
  // The example operator of examples/crd-bluegreen (a made-up registry): a distroless/static base
  // and the statically linked manager binary, as kubebuilder's Dockerfile builds it.
  'example.com/bluegreen-controller:v0.1.0': { layers: [795_338, 24_117_664] },
  // The sandbox ("pause") image: one tiny static binary layer.
  'registry.k8s.io/pause:3.10': { layers: [320_368] },
  'registry.k8s.io/pause:3.9': { layers: [321_520] },
};

/** The normalized names in the catalog (for menus and tests). */
export const KNOWN_IMAGES: readonly string[] = Object.keys(CATALOG);

/**
 * Whether the registry has this image: the simulator's registries hold exactly the catalog. A
 * digest reference exists when it is the catalog's (simulated) manifest digest of a known tag.
 */
export function imageExists(ref: string): boolean {
  const normalized = normalizeImageName(ref);
  if (CATALOG[normalized]) return true;
  const at = normalized.indexOf('@');
  if (at < 0) return false;
  const repo = normalized.slice(0, at);
  return KNOWN_IMAGES.some((name) => name.startsWith(`${repo}:`) && imageInfo(name).repoDigest === normalized);
}

/** Whether the registry has the repository at all (any tag of it is in the catalog). */
export function repositoryExists(ref: string): boolean {
  const repo = repositoryName(parseImageReference(normalizeImageName(ref)));
  return KNOWN_IMAGES.some((name) => name.startsWith(`${repo}:`));
}

function digestOf(label: string): string {
  return `sha256:${sha256Hex(`kube-anatomy simulated ${label}`)}`;
}

/**
 * Layers for an image outside the catalog: 3–6 layers and 5–150 MB, derived from the name's
 * FNV hash so the same name always gets the same answer. The first layer is the big base.
 */
function syntheticLayers(normalized: string): number[] {
  const h = fnv32a(normalized);
  const count = 3 + (h % 4);
  const total = 5_000_000 + (Math.floor(h / 4) % 145_000_000);
  const weights: number[] = [];
  let seed = h;
  for (let i = 0; i < count; i++) {
    seed = fnv32a(`${normalized}#${i}#${seed}`);
    // The base layer dominates; later layers are a few percent each.
    weights.push(i === 0 ? 60 + (seed % 20) : 1 + (seed % 15));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const layers = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - layers.reduce((a, b) => a + b, 0);
  layers[0] = (layers[0] as number) + rest;
  return layers;
}

/**
 * Everything the simulator needs about an image: normalized name, (simulated) digests, size and
 * layers. Throws for references that don't parse, with distribution/reference's message.
 */
export function imageInfo(ref: string): ImageInfo {
  const normalized = normalizeImageName(ref);
  let base = memo.get(normalized);
  if (!base) {
    base = describe(normalized);
    memo.set(normalized, base);
  }
  // A fresh copy each time: callers may keep or change what they get.
  return { ...base, ref, layers: base.layers.map((l) => ({ ...l })) };
}

/** Pure and deterministic, so results can be kept: the engine asks for the same few images often. */
const memo = new Map<string, ImageInfo>();

function describe(normalized: string): ImageInfo {
  const parsed = parseImageReference(normalized);
  const repo = repositoryName(parsed);
  // A digest reference names the manifest itself; the catalog is keyed by tag.
  const entry = CATALOG[normalized];
  const layerSizes = entry ? entry.layers : syntheticLayers(normalized);
  const repoDigest = parsed.digest !== undefined ? `${repo}@${parsed.digest}` : `${repo}@${digestOf(`manifest ${normalized}`)}`;
  const layers = layerSizes.map((size, i) => ({ digest: digestOf(`layer ${i} of ${normalized}`), size }));
  return {
    ref: normalized,
    normalized,
    repoDigest,
    id: digestOf(`config ${normalized}`),
    sizeBytes: layerSizes.reduce((a, b) => a + b, 0),
    layers,
    known: entry !== undefined,
  };
}

/** The short name kubectl describe and events show for a normalized image ('nginx:1.27'). */
export function shortImageName(ref: string): string {
  return familiarName(ref);
}
