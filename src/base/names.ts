import type { Rng } from './rng.ts';

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels (no accidental words) and no
 * characters that look alike (0/o, 1/l/i, 3/e).
 */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Length of the random suffix that generateName appends (apiserver/pkg/storage/names). */
export const GENERATED_SUFFIX_LENGTH = 5;
/** 63 (DNS label) − 5: the base is truncated to this many characters first. */
export const MAX_GENERATED_BASE_LENGTH = 58;

/** `rand.String(n)` with a seeded stream. */
export function randomString(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
  return out;
}

/** The name the apiserver makes from `metadata.generateName`. */
export function generateName(base: string, rng: Rng): string {
  const trimmed = base.length > MAX_GENERATED_BASE_LENGTH ? base.slice(0, MAX_GENERATED_BASE_LENGTH) : base;
  return trimmed + randomString(rng, GENERATED_SUFFIX_LENGTH);
}

/**
 * `rand.SafeEncodeString`: maps each character to the alphabet by its code, as the Deployment
 * controller does with the decimal form of the pod-template hash.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** A version-4-shaped UUID drawn from a seeded stream, so uids are the same for the same seed. */
export function uuid(rng: Rng): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
    return s;
  };
  const variant = (8 + rng.int(4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** A 64-hex-digit id like containerd's sandbox and container ids. */
export function hexId(rng: Rng, digits = 64): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += rng.int(16).toString(16);
  return s;
}
