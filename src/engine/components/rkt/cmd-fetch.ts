import { flagBool, flagValue, insecureOptions, parseApps } from '../../../domain/rkt/cli.ts';
import { stage1ByName, DEFAULT_STAGE1, type Stage1Flavour } from '../../../domain/rkt/flavours.ts';
import { appcImage, discoverPubKey, dockerImage, dockerNames, parseImageString, shortHash, stage1Image, type AciImage } from '../../../domain/rkt/images.ts';
import { fetchSignedLines, progressLine, SIGNATURE_BYTES, trustKey } from '../../../domain/rkt/print-fetch.ts';
import type { RktStep } from '../../../domain/rkt/steps.ts';
import type { Invocation, Rkt } from './rkt.ts';
import type { StoredAci } from './store.ts';

/**
 * Image fetching (rkt/fetch.go, rkt/image/{fetcher,finder,namefetcher,dockerfetcher}.go) and
 * `rkt trust` (rkt/trust.go, rkt/pubkey/pubkey.go): appc discovery and signature checks against
 * the keys in /etc/rkt/trustedkeys, docker2aci conversion for docker:// images (which cannot be
 * verified: --insecure-options=image), the stage1 image imported from the file beside rkt.
 */

/** Download speed from the image servers (bytes/s): the same ~50 MB/s containerd's pulls use. */
const BANDWIDTH = 50_000_000;
const transfer = (bytes: number): number => Math.max(1_000, Math.round((bytes / BANDWIDTH) * 1_000_000));

export type PullPolicy = 'new' | 'update' | 'never';

type Done = (result: StoredAci | { error: string }, seq: number) => void;

function keyFor(rkt: Rkt, name: string): string | undefined {
  for (const [prefix, fp] of rkt.state.trustedPrefixes) if (name === prefix || name.startsWith(`${prefix}/`) || prefix === '') return fp;
  return undefined;
}

function store(rkt: Rkt, inv: Invocation, img: AciImage): StoredAci {
  const now = rkt.unixNow();
  const s: StoredAci = { image: img, importedAt: now, lastUsedAt: now };
  rkt.state.dataDir(inv.dataDir).images.set(img.id, s);
  return s;
}

function storeSteps(inv: Invocation, img: AciImage): RktStep[] {
  return [
    { op: 'write ACI', dur: 2_000 + Math.round(img.sizeBytes / 400_000), stage: 'stage0', attrs: { store: `${inv.dataDir}/cas/blob/sha512/${img.id.slice(7, 9)}/${img.id}`, image: `${img.name}:${img.version}` } },
    { op: 'render tree store', dur: 5_000 + Math.round(img.sizeBytes / 200_000), stage: 'stage0', attrs: { tree: `${inv.dataDir}/cas/tree/deps-${img.id}` } },
  ];
}

/**
 * Finder/Fetcher for one image argument. Policy `new` (rkt run's default) uses the store first;
 * `update` (rkt fetch's default) fetches again; `never` (rkt app add) only looks in the store.
 */
export function ensureImage(rkt: Rkt, inv: Invocation, text: string, policy: PullPolicy, cause: number, done: Done): void {
  const dir = rkt.state.dataDir(inv.dataDir);
  const insecure = insecureOptions(inv.cmd);
  const ref = parseImageString(text);
  if (ref.kind === 'hash') {
    const found = dir.findImageById(ref.id);
    done(found ?? { error: `unable to find image ID ${JSON.stringify(ref.id)} in the store` }, cause);
    return;
  }
  if (ref.kind === 'docker') {
    const n = dockerNames(ref.ref);
    const inStore = dir.findImage(n.aciName, n.tag);
    if (inStore && policy !== 'update') {
      done(inStore, cause);
      return;
    }
    const notFound = `unable to fetch docker image from URL "docker://${ref.ref}": either image was not found in the store or store was disabled and fetching from remote yielded nothing or it was disabled`;
    if (policy === 'never') {
      done({ error: notFound }, cause);
      return;
    }
    if (!insecure.has('image')) {
      done({ error: 'signature verification for docker images is not supported (try --insecure-options=image)' }, cause);
      return;
    }
    const img = dockerImage(ref.ref);
    const manifestURL = `https://${n.registry}/v2/${n.repository}/manifests/${n.tag}`;
    if (!img) {
      rkt.play(inv, [{ op: 'GET', dur: 60_000, stage: 'stage0', attrs: { url: manifestURL, status: 404, via: 'docker2aci' } }], cause, (s) => done({ error: `unexpected http code: 404, URL: ${manifestURL}` }, s));
      return;
    }
    const steps: RktStep[] = [{ op: 'GET', dur: 60_000, stage: 'stage0', attrs: { url: manifestURL, status: 200, via: 'docker2aci' } }];
    const layers = img.docker?.layers ?? [];
    for (const l of layers) steps.push({ op: 'GET', dur: transfer(l.size), stage: 'stage0', attrs: { url: `https://${n.registry}/v2/${n.repository}/blobs/${l.digest}`, bytes: l.size, via: 'docker2aci' } });
    steps.push({ op: 'squash layers into ACI', dur: 20_000 + Math.round(img.sizeBytes / 300_000), stage: 'stage0', attrs: { via: 'docker2aci', name: `${img.name}:${img.version}` } }, ...storeSteps(inv, img));
    rkt.play(inv, steps, cause, (s) => {
      // docker2aci's progress, one bar per layer, named by the layer's short digest.
      for (const l of layers) inv.out.raw(progressLine(l.digest.replace(/^sha256:/, '').slice(0, 12), l.size));
      done(store(rkt, inv, img), s);
    });
    return;
  }
  const inStore = dir.findImage(ref.name, ref.version);
  if (inStore && policy !== 'update') {
    done(inStore, cause);
    return;
  }
  if (policy === 'never') {
    done({ error: `unable to fetch image from image name ${JSON.stringify(text)}: either image was not found in the store or store was disabled and fetching from remote yielded nothing or it was disabled` }, cause);
    return;
  }
  const img = appcImage(ref.name, ref.version);
  const discovery = `https://${ref.name.split('/')[0] ?? ''}/${ref.name.split('/').slice(1).join('/')}?ac-discovery=1`;
  if (!img || !img.discovery) {
    rkt.play(inv, [{ op: 'GET', dur: 80_000, stage: 'stage0', attrs: { url: discovery, meta: 'ac-discovery', found: false } }], cause, (s) => done({ error: 'no endpoints discovered' }, s));
    return;
  }
  const d = img.discovery;
  const verify = !insecure.has('image');
  const trusted = keyFor(rkt, ref.name) !== undefined;
  const steps: RktStep[] = [{ op: 'GET', dur: 80_000, stage: 'stage0', attrs: { url: discovery, meta: 'ac-discovery', aci: d.aci, asc: d.asc } }];
  if (verify && !trusted) {
    // maybeFetchPubKeys: the key is discovered and shown, but without a terminal it cannot be reviewed.
    steps.push({ op: 'GET', dur: 50_000, stage: 'stage0', attrs: { url: d.keyURL, what: 'public key' } });
  }
  if (verify) steps.push({ op: 'GET', dur: 40_000, stage: 'stage0', attrs: { url: d.asc, bytes: SIGNATURE_BYTES } });
  if (verify && !trusted && !flagBool(inv.cmd, 'trust-keys-from-https')) {
    steps.push({ op: 'verify signature', dur: 2_000, stage: 'stage0', attrs: { keyring: `/etc/rkt/trustedkeys/prefix.d/${ref.name}`, result: 'openpgp: signature made by unknown entity' } });
    rkt.play(inv, steps, cause, (s) => {
      const t = trustKey({ prefix: ref.name, location: d.keyURL, fingerprint: d.fingerprint, identity: d.signer, force: false, logPrefix: 'pubkey' });
      for (const l of t.stderr) inv.out.raw(l);
      for (const l of t.stdout) inv.out.print(l);
      inv.out.raw(`image: error adding keys: ${t.error ?? ''}`);
      inv.out.raw('image: if you expected the signing key to change, try running:');
      inv.out.raw(`image:     rkt trust --prefix ${JSON.stringify(ref.name)}`);
      done({ error: 'openpgp: signature made by unknown entity' }, s);
    });
    return;
  }
  steps.push({ op: 'GET', dur: transfer(img.transferBytes), stage: 'stage0', attrs: { url: d.aci, bytes: img.transferBytes } });
  if (verify) steps.push({ op: 'verify signature', dur: 30_000, stage: 'stage0', attrs: { signer: d.signer, keyring: `/etc/rkt/trustedkeys/prefix.d/${d.keyPrefix}/${d.fingerprint}` } });
  steps.push(...storeSteps(inv, img));
  rkt.play(inv, steps, cause, (s) => {
    if (verify && !trusted) {
      const t = trustKey({ prefix: ref.name, location: d.keyURL, fingerprint: d.fingerprint, identity: d.signer, force: true, logPrefix: 'pubkey' });
      for (const l of t.stderr) inv.out.raw(l);
      for (const l of t.stdout) inv.out.print(l);
      rkt.state.trustedPrefixes.set(ref.name, d.fingerprint);
    }
    if (verify) for (const l of fetchSignedLines(img, trusted)) inv.out.raw(l);
    else inv.out.raw(progressLine('ACI', img.transferBytes));
    done(store(rkt, inv, img), s);
  });
}

/**
 * The stage1 image (rkt/stage1hash.go getStage1Hash): `--stage1-name` or the default, found in
 * the store or imported from the ACI the distribution installs beside rkt.
 */
export function ensureStage1(rkt: Rkt, inv: Invocation, cause: number, done: (r: { stored: StoredAci; flavour: Stage1Flavour } | { error: string }, seq: number) => void): void {
  const requested = flagValue(inv.cmd, 'stage1-name');
  const s1 = requested ? stage1ByName(requested) : undefined;
  if (requested && !s1) {
    ensureImage(rkt, inv, requested, 'new', cause, (r, s) => done('error' in r ? r : { error: `image ${JSON.stringify(requested)} is not a stage1 image` }, s));
    return;
  }
  const flavour = s1?.flavour ?? DEFAULT_STAGE1;
  const img = stage1Image(flavour);
  const dir = rkt.state.dataDir(inv.dataDir);
  const found = dir.images.get(img.id);
  if (found) {
    done({ stored: found, flavour }, cause);
    return;
  }
  const steps: RktStep[] = [{ op: 'open', dur: 200, stage: 'stage0', attrs: { path: s1?.file ?? `/usr/lib/rkt/stage1-images/stage1-${flavour}.aci`, why: 'stage1 image from the directory next to rkt' } }, ...storeSteps(inv, img)];
  rkt.play(inv, steps, cause, (s) => done({ stored: store(rkt, inv, img), flavour }, s));
}

/** `rkt fetch IMAGE…` (pull policy update by default) prints each image's short hash, or the full one with --full. */
export function fetchCommand(rkt: Rkt, inv: Invocation): void {
  const apps = parseApps(inv.cmd.args);
  if ('error' in apps) {
    inv.out.printE('unable to parse arguments', apps.error);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (apps.length < 1) {
    inv.out.err('must provide at least one image');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const policy = (flagValue(inv.cmd, 'pull-policy') ?? 'update') as PullPolicy;
  const full = flagBool(inv.cmd, 'full');
  const ids: string[] = [];
  const next = (i: number, cause: number): void => {
    const app = apps[i];
    if (!app) {
      for (const id of ids) inv.out.print(full ? id : shortHash(id));
      rkt.finish(inv, 0, cause);
      return;
    }
    ensureImage(rkt, inv, app.image, policy, cause, (r, s) => {
      if ('error' in r) {
        inv.out.err(r.error);
        rkt.finish(inv, 254, s);
        return;
      }
      ids.push(r.image.id);
      next(i + 1, s);
    });
  };
  next(0, inv.cause);
}

/**
 * `rkt trust --prefix PREFIX`: meta discovery of the prefix's keys, the key shown, reviewed
 * (stdin answers the question; --skip-fingerprint-review skips it) and stored.
 */
export function trustCommand(rkt: Rkt, inv: Invocation): void {
  const prefix = flagValue(inv.cmd, 'prefix') ?? '';
  const root = flagBool(inv.cmd, 'root');
  if (!prefix && !root) {
    if (inv.cmd.args.length !== 0) {
      inv.out.err('aborting due to implicit unbounded trust (root domain)\nPlease provide a specific domain prefix to trust:\n    rkt trust --prefix "example.com/foo" [PUBKEY]\n    rkt trust --prefix "example.com/foo/*" [PUBKEY]\nOtherwise, trust at the root domain (not recommended) must be explicitly requested:\n    rkt trust --root PUBKEY');
    } else {
      inv.out.stderr += 'Usage:\n  rkt trust [--prefix=PREFIX] [--insecure-allow-http] [--skip-fingerprint-review] [--root] [PUBKEY ...] [flags]\n';
    }
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (prefix && root) {
    inv.out.err('--root and --prefix usage mutually exclusive');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const key = discoverPubKey(prefix);
  const d = key ? { keyURL: key.location, fingerprint: key.fingerprint, signer: key.identity } : undefined;
  const discovery = `https://${prefix}?ac-discovery=1`;
  if (!d) {
    rkt.play(inv, [{ op: 'GET', dur: 80_000, stage: 'stage0', attrs: { url: discovery, meta: 'ac-discovery-pubkeys', found: false } }], inv.cause, (s) => {
      inv.out.printE('error determining key location', `meta discovery on ${prefix} resulted in no keys`);
      rkt.finish(inv, 254, s);
    });
    return;
  }
  rkt.play(
    inv,
    [
      { op: 'GET', dur: 80_000, stage: 'stage0', attrs: { url: discovery, meta: 'ac-discovery-pubkeys', keys: [d.keyURL] } },
      { op: 'GET', dur: 50_000, stage: 'stage0', attrs: { url: d.keyURL, what: 'public key' } },
    ],
    inv.cause,
    (s) => {
      const answer = inv.msg.payload.stdin;
      const t = trustKey({ prefix, location: d.keyURL, fingerprint: d.fingerprint, identity: d.signer, force: flagBool(inv.cmd, 'skip-fingerprint-review') || flagBool(inv.cmd, 'trust-keys-from-https'), ...(answer !== undefined ? { answer } : {}), logPrefix: 'pubkey' });
      for (const l of t.stderr) inv.out.raw(l);
      for (const l of t.stdout) inv.out.print(l);
      if (t.error) {
        inv.out.printE('error adding keys', t.error);
        rkt.finish(inv, 254, s);
        return;
      }
      if (!t.stored) {
        rkt.finish(inv, 0, s);
        return;
      }
      rkt.state.trustedPrefixes.set(prefix, d.fingerprint);
      rkt.play(inv, [{ op: 'write', dur: 200, stage: 'stage0', attrs: { path: t.stored } }], s, (s2) => rkt.finish(inv, 0, s2));
    },
  );
}
