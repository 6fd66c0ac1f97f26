/**
 * Seeded, forkable pseudo-random numbers. The engine never uses the platform's random source: every random
 * choice comes from one of these streams so that (scenario, seed, commands) gives the same trace.
 *
 * The generator is sfc32 (small fast counting), seeded through splitmix32; `fork(label)` derives
 * an independent stream from the label, so adding a random draw in one component does not shift
 * the draws of another.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** An independent stream named by label; the same label always gives the same stream. */
  fork(label: string): Rng;
  /** The generator's state, for checkpoints. */
  state(): RngState;
}

export type RngState = readonly [number, number, number, number];

export function createRng(seed: number | string): Rng {
  const s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  const mix = splitmix32(s);
  const rng = fromState([mix(), mix(), mix(), mix()]);
  // Warm up so that similar seeds diverge at once.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

export function restoreRng(state: RngState): Rng {
  return fromState([...state]);
}

function fromState(st: number[]): Rng {
  let [a, b, c, d] = st as [number, number, number, number];
  const nextU32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int: n must be a positive integer, got ${n}`);
      return Math.floor((nextU32() / 4294967296) * n);
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError('rng.pick: empty list');
      return items[rng.int(items.length)] as (typeof items)[number];
    },
    fork: (label) => {
      const base = [a, b, c, d].map((x) => x >>> 0).join(':');
      return createRng(`${base}/${label}`);
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rng;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a 32-bit over the UTF-16 code units of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
