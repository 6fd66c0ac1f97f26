import type { AciImage } from './images.ts';

/**
 * What `rkt fetch` and `rkt trust` print (rkt/image/namefetcher.go, httpops.go, io.go,
 * common.go printIdentities; rkt/pubkey/pubkey.go). Log lines carry the logger's prefix
 * ("image: ", "pubkey: "); the download progress bars (github.com/coreos/ioprogress) are shown
 * in their final state only: a terminal redraws them in place with carriage returns.
 */

/** ioprogress ByteUnitStr: 1000-based units, three significant digits. */
export function byteUnitStr(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = n;
  let unit = 'B';
  for (let i = 1; i < units.length; i++) {
    if (size < 1000) {
      unit = units[i - 1] as string;
      break;
    }
    size /= 1000;
  }
  return `${Number(size.toPrecision(3))} ${unit}`;
}

/** io.go getIoProgressReader: "Downloading <label>: [====…] 14.1 MB/14.1 MB", the bar 80 columns wide with the sizes. */
export function progressLine(label: string, bytes: number): string {
  const prefix = `Downloading ${label}`;
  const barSize = 80 - prefix.length - 18;
  const inner = Math.max(0, barSize - 2);
  return `${prefix}: [${'='.repeat(inner)}] ${byteUnitStr(bytes)}/${byteUnitStr(bytes)}`;
}

/** The ASCII-armored signature file's size: what "Downloading signature" counts. */
export const SIGNATURE_BYTES = 473;

/**
 * namefetcher.go for a signed image (stderr lines): "keys already exist" when a key was trusted
 * before (maybeFetchPubKeys), the two downloads, and the verified signer (printIdentities).
 */
export function fetchSignedLines(img: AciImage, keysExisted: boolean): string[] {
  return [
    ...(keysExisted ? [`image: keys already exist for prefix ${JSON.stringify(img.name)}, not fetching again`] : []),
    progressLine('signature', SIGNATURE_BYTES),
    progressLine('ACI', img.transferBytes),
    `image: signature verified:\n  ${img.discovery?.signer ?? ''}`,
  ];
}

/** pubkey.go fingerToString: pairs of hex digits in groups of four, two spaces in the middle. */
export function fingerprintString(hex: string): string {
  const up = hex.toUpperCase();
  let out = '';
  for (let i = 0; i < up.length; i += 2) {
    if (i > 0 && i % 4 === 0) out += i === 20 ? '  ' : ' ';
    out += up.slice(i, i + 2);
  }
  return out;
}

export interface TrustOutput {
  stdout: string[];
  stderr: string[];
  /** The keystore path written, when the key was accepted. */
  stored?: string;
  error?: string;
}

/**
 * pubkey.go AddKeys for one discovered key location: the key is shown (prefix and location on
 * stderr, fingerprint and identity on stdout), then reviewed: `--skip-fingerprint-review`
 * (AcceptForce) trusts it at once; otherwise the user is asked, which needs a terminal — with
 * an answer on stdin "yes" trusts it, "no" does not; without any, rkt says how to trust it and
 * fails for lack of a tty.
 */
export function trustKey(o: { prefix: string; location: string; fingerprint: string; identity: string; force: boolean; answer?: string; logPrefix: string }): TrustOutput {
  const out: TrustOutput = { stdout: [], stderr: [] };
  const q = JSON.stringify;
  out.stderr.push(`pubkey: prefix: ${q(o.prefix)}\nkey: ${q(o.location)}`);
  out.stdout.push(`gpg key fingerprint is: ${fingerprintString(o.fingerprint)}`, `\t${o.identity}`);
  if (!o.force) {
    if (o.answer === undefined) {
      out.stderr.push(`pubkey: To trust the key for ${q(o.prefix)}, do one of the following:`, 'pubkey:  - call rkt with --trust-keys-from-https', `pubkey:  - run: rkt trust --prefix ${q(o.prefix)}`);
      out.error = 'error reviewing key: unable to ask user to review fingerprint due to lack of tty';
      return out;
    }
    out.stdout.push('Are you sure you want to trust this key (yes/no)?');
    const answers = o.answer.split('\n');
    let accepted: boolean | undefined;
    for (const a of answers) {
      if (a === 'yes' || a === 'no') {
        accepted = a === 'yes';
        break;
      }
      if (a === '' && answers.indexOf(a) === answers.length - 1) break;
      out.stdout.push("Please enter 'yes' or 'no'", 'Are you sure you want to trust this key (yes/no)?');
    }
    if (accepted === undefined) {
      out.error = 'error reviewing key: error reading input: EOF';
      return out;
    }
    if (!accepted) {
      out.stderr.push(`pubkey: not trusting ${q(o.location)}`);
      return out;
    }
  }
  out.stdout.push(`Trusting ${q(o.location)} for prefix ${q(o.prefix)} ${o.force ? 'without' : 'after'} fingerprint review.`);
  const stored = `/etc/rkt/trustedkeys/prefix.d/${o.prefix}/${o.fingerprint}`;
  out.stdout.push(`Added key for prefix ${q(o.prefix)} at ${q(stored)}`);
  out.stored = stored;
  return out;
}
