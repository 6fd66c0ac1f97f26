import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The recorder of the real runtimes' captures: normalized, small and deterministic JSON under
 * tests/real/fixtures/<runtime>/, committed with the project so that `npm test` (no root) checks
 * the model against what runc and crun really did. The real tests write a fresh capture into
 * their temp dir and compare it with the committed one (drift shows); with
 * KA_RECORD_FIXTURES=1 they write it over the committed one instead.
 */

export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;

export type FixtureName = 'lifecycle' | 'strace';

export function fixturePath(dir: string, flavour: 'runc' | 'crun', name: FixtureName): string {
  return join(dir, flavour, `${name}.json`);
}

/**
 * Stable, diff-friendly text: the top-level keys one per line, and each element of an array
 * value (a case, a syscall) on a line of its own; keys in the order the recorder built them.
 */
export function fixtureText(value: Record<string, unknown>): string {
  const lines = Object.entries(value).map(([k, v]) => {
    const key = JSON.stringify(k);
    if (!Array.isArray(v) || v.length === 0 || v.every((x) => typeof x !== 'object')) return `  ${key}: ${JSON.stringify(v)}`;
    return `  ${key}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export function writeFixture(dir: string, flavour: 'runc' | 'crun', name: FixtureName, value: Record<string, unknown>): string {
  const path = fixturePath(dir, flavour, name);
  mkdirSync(join(dir, flavour), { recursive: true });
  writeFileSync(path, fixtureText(value));
  return path;
}

export function readFixture<T>(flavour: 'runc' | 'crun', name: FixtureName, dir = FIXTURES_DIR): T {
  return JSON.parse(readFileSync(fixturePath(dir, flavour, name), 'utf8')) as T;
}

/** Whether this run should overwrite the committed fixtures (KA_RECORD_FIXTURES=1). */
export function recordingFixtures(): boolean {
  return process.env.KA_RECORD_FIXTURES === '1';
}
