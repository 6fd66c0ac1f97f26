import { sha256Hex } from '../images/sha256.ts';
import { imageExists, imageInfo } from '../images/catalog.ts';
import { imagePrograms } from '../images/programs.ts';
import { STAGE1_IMAGES, type Stage1Flavour } from './flavours.ts';

/**
 * The images rkt runs: signed ACIs found by appc discovery (`coreos.com/etcd:v3.1.7`), Docker
 * images converted by docker2aci (`docker://redis:4.0.6`, stored as
 * `registry-1.docker.io/library/redis:4.0.6`), and the stage1 ACIs shipped with rkt.
 *
 * SIMULATED IDS: an image id is `sha512-` and 64 hex digits (rkt's store keys are SHA-512
 * truncated to 256 bits, store/imagestore/store.go HashToKey); here the digits are a SHA-256 of
 * the image name, stable across runs but not the real ACI's hash.
 */

export interface AciApp {
  exec: string[];
  user: string;
  group: string;
  workingDirectory?: string;
  mountPoints?: { name: string; path: string; readOnly?: boolean }[];
  ports?: { name: string; protocol: string; port: number; count: number; socketActivated: boolean }[];
}

export interface AciImage {
  /** The ACI name (an appc ACIdentifier). */
  name: string;
  /** The `version` label. */
  version: string;
  id: string;
  /** What `rkt image list` shows as SIZE: the ACI in the store plus its rendered tree. */
  sizeBytes: number;
  /** Bytes downloaded to fetch it (the ACI, or the Docker layers). */
  transferBytes: number;
  kind: 'appc' | 'docker' | 'stage1';
  /** The app section of the image manifest; stage1 images have none. */
  app?: AciApp;
  annotations: { name: string; value: string }[];
  /** appc: where discovery finds the ACI and its signature; the key that signed it. */
  discovery?: { aci: string; asc: string; signer: string; keyPrefix: string; keyURL: string; fingerprint: string };
  /** docker: the reference as typed after docker:// and the layers fetched (simulated digests, domain/images/catalog.ts). */
  docker?: { original: string; layers: { digest: string; size: number }[] };
  stage1?: Stage1Flavour;
}

const MIB = 1024 * 1024;

/** The CoreOS ACI signing key (the talk's /etc/rkt/trustedkeys/prefix.d/coreos.com/etcd/18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e). */
export const COREOS_SIGNING_KEY = {
  identity: 'CoreOS Application Signing Key <security@coreos.com>',
  fingerprint: '18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e',
  url: 'https://coreos.com/dist/pubkeys/aci-pubkeys.gpg',
};

/**
 * Meta discovery of a prefix's signing keys (`ac-discovery-pubkeys`, appc discovery): names
 * under coreos.com are signed with CoreOS's key; the simulated discovery knows no other signer.
 */
export function discoverPubKey(prefix: string): { location: string; fingerprint: string; identity: string } | undefined {
  if (prefix !== 'coreos.com' && !prefix.startsWith('coreos.com/')) return undefined;
  return { location: COREOS_SIGNING_KEY.url, fingerprint: COREOS_SIGNING_KEY.fingerprint, identity: COREOS_SIGNING_KEY.identity };
}

/**
 * Signed ACIs the simulated discovery knows. etcd v3.1.7 is the talk's image: 58MiB in
 * `rkt image list`; the download size is an estimate of the compressed ACI.
 */
const APPC_CATALOG: Readonly<Record<string, { sizeBytes: number; transferBytes: number; app: AciApp; aci: string }>> = {
  'coreos.com/etcd:v3.1.7': {
    sizeBytes: 58 * MIB,
    transferBytes: 14_100_000,
    aci: 'https://github.com/coreos/etcd/releases/download/v3.1.7/etcd-v3.1.7-linux-amd64.aci',
    app: {
      exec: ['/etcd'],
      user: '0',
      group: '0',
      mountPoints: [{ name: 'data-dir', path: '/var/lib/etcd' }],
      ports: [
        { name: 'client', protocol: 'tcp', port: 2379, count: 1, socketActivated: false },
        { name: 'peer', protocol: 'tcp', port: 2380, count: 1, socketActivated: false },
      ],
    },
  },
};

/** A parsed image argument (rkt/image/common.go DistFromImageString). */
export type ImageString =
  | { kind: 'appc'; name: string; version?: string; text: string }
  | { kind: 'docker'; ref: string; text: string }
  | { kind: 'hash'; id: string; text: string };

/**
 * appc names (`coreos.com/etcd:v3.1.7`), `docker://` (or `docker:`) references and image ids
 * (`sha512-…`, what `rkt app add` and rktlet pass).
 */
export function parseImageString(text: string): ImageString {
  if (/^sha512-[0-9a-f]+$/.test(text)) return { kind: 'hash', id: text, text };
  if (text.startsWith('docker://')) return { kind: 'docker', ref: text.slice('docker://'.length), text };
  if (text.startsWith('docker:')) return { kind: 'docker', ref: text.slice('docker:'.length), text };
  const colon = text.lastIndexOf(':');
  if (colon > 0) return { kind: 'appc', name: text.slice(0, colon), version: text.slice(colon + 1), text };
  return { kind: 'appc', name: text, text };
}

function simulatedId(key: string): string {
  return `sha512-${sha256Hex(`rkt-aci:${key}`)}`;
}

/** `<name>:<version>`, as rkt list and rkt image list print image names (list.go getImageName). */
export function imageNameWithVersion(img: Pick<AciImage, 'name' | 'version'>): string {
  return img.version ? `${img.name}:${img.version}` : img.name;
}

/** An appc image the simulated discovery serves, or undefined (discovery finds no endpoints). */
export function appcImage(name: string, version: string | undefined): AciImage | undefined {
  const key = `${name}:${version ?? 'latest'}`;
  const entry = APPC_CATALOG[key];
  if (!entry) return undefined;
  return {
    name,
    version: version ?? 'latest',
    id: simulatedId(key),
    sizeBytes: entry.sizeBytes,
    transferBytes: entry.transferBytes,
    kind: 'appc',
    app: entry.app,
    annotations: [],
    discovery: { aci: entry.aci, asc: `${entry.aci}.asc`, signer: COREOS_SIGNING_KEY.identity, keyPrefix: name, keyURL: COREOS_SIGNING_KEY.url, fingerprint: COREOS_SIGNING_KEY.fingerprint },
  };
}

/**
 * docker2aci's naming (lib/common: ParseDockerURL, the ACI name is `<registry>/<repository>`,
 * Docker Hub being registry-1.docker.io and official images under `library/`) and the tag as
 * the version label. ApplyDefaultImageTag adds `latest`.
 */
export function dockerNames(ref: string): { registry: string; repository: string; tag: string; aciName: string; original: string } {
  const at = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  const hasTag = at > slash;
  const path = hasTag ? ref.slice(0, at) : ref;
  const tag = hasTag ? ref.slice(at + 1) : 'latest';
  const first = path.split('/')[0] ?? '';
  const hasRegistry = path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'registry-1.docker.io';
  const rest = hasRegistry ? path.slice(first.length + 1) : path;
  const repository = !hasRegistry && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry, repository, tag, aciName: `${registry}/${repository}`, original: hasTag ? ref : `${ref}:latest` };
}

/** The talk's redis:4.0.6 shows 204MiB in `rkt image list`. */
const DOCKER_SIZES: Readonly<Record<string, number>> = { 'registry-1.docker.io/library/redis:4.0.6': 204 * MIB };

/**
 * A Docker image as docker2aci converts it: one squashed ACI (uncompressed, Compression:
 * NoCompression in rkt/image/dockerfetcher.go). Its listed size counts the ACI and the tree
 * store, about twice the uncompressed image; the uncompressed size is estimated as 2.5 times
 * the registry's compressed layers (domain/images/catalog.ts). Undefined when the registry has
 * no such image.
 */
export function dockerImage(ref: string): AciImage | undefined {
  const n = dockerNames(ref);
  const dockerRef = n.registry === 'registry-1.docker.io' ? `${n.repository.replace(/^library\//, '')}:${n.tag}` : `${n.registry}/${n.repository}:${n.tag}`;
  const info = imageInfo(dockerRef);
  const known = DOCKER_SIZES[`${n.aciName}:${n.tag}`];
  if (!known && !imageExists(dockerRef)) return undefined;
  const programs = imagePrograms(dockerRef);
  const exec = programs ? [...programs.defaultArgv] : ['/bin/sh'];
  return {
    name: n.aciName,
    version: n.tag,
    id: simulatedId(`${n.aciName}:${n.tag}`),
    sizeBytes: known ?? Math.round(info.sizeBytes * 2.5 * 2),
    transferBytes: info.sizeBytes,
    kind: 'docker',
    app: { exec, user: '0', group: '0' },
    // docker2aci's annotations (lib/internal: appc.io/docker/*).
    annotations: [
      { name: 'appc.io/docker/registryurl', value: n.registry },
      { name: 'appc.io/docker/repository', value: n.repository },
      { name: 'appc.io/docker/imageid', value: info.id.replace(/^sha256:/, '') },
      { name: 'appc.io/docker/tag', value: n.tag },
      { name: 'appc.io/docker/originalname', value: n.original },
    ],
    docker: { original: n.original, layers: info.layers.map((l) => ({ digest: l.digest, size: l.size })) },
  };
}

/** A stage1 image as an AciImage. */
export function stage1Image(flavour: Stage1Flavour): AciImage {
  const s = STAGE1_IMAGES[flavour];
  return { name: s.name, version: s.version, id: simulatedId(`${s.name}:${s.version}`), sizeBytes: s.sizeBytes, transferBytes: s.sizeBytes, kind: 'stage1', annotations: [...s.annotations], stage1: flavour };
}

/** appc types.ShortHash: `sha512-` and 32 hex digits (what `rkt fetch` prints without --full). */
export function shortHash(id: string): string {
  const max = 64 / 2 + 'sha512-'.length;
  return id.length > max ? id.slice(0, max) : id;
}

/** rkt/image_list.go trimImageID: `sha512-` and 12 hex digits. */
export function trimImageID(id: string): string {
  const pos = id.indexOf('-');
  const len = pos + 13;
  return pos > 0 && len < id.length ? id.slice(0, len) : id;
}

/** imageNameToAppName (stage0/run.go): the last path element of the image name, sanitized. */
export function appNameOf(imageName: string): string {
  const last = imageName.split('/').pop() ?? imageName;
  return last.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}
