/**
 * Hashing helpers of the kind k8s.io/kubernetes/pkg/util/hash provides: FNV-1a over a stable
 * serialization of an object.
 *
 * Upstream's DeepHashObject writes a spew dump of the Go struct (field order of the Go type,
 * pointers followed, nil and empty printed differently) into the hasher. That byte stream
 * cannot be reproduced from JSON, so here the object is serialized as JSON with sorted keys
 * instead: the same object always hashes the same, but the digits differ from a real cluster's.
 */

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a 32-bit (hash/fnv New32a) over bytes, continuing from `seed` when given. */
export function fnv32aBytes(bytes: Uint8Array, seed: number = FNV32_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV32_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a 32-bit over the UTF-8 bytes of a string. */
export function fnv32a(text: string): number {
  return fnv32aBytes(new TextEncoder().encode(text));
}

/** JSON with object keys sorted at every level; undefined members are dropped like JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
