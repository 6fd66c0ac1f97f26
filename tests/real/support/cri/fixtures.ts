import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerdHostFacts } from '../../../../src/engine/components/containerd/containerd.ts';
import type { FixtureEvent, FixtureStep } from './normalize.ts';

/**
 * The recorded real trace, normalized: tests/real/fixtures/containerd/cri-sequence.json (the
 * calls with their requests and responses) and events.json (the containerd events of each
 * step). Committed, so that `npm test` (no root) checks the model against them; the real test
 * compares a fresh recording with them (drift shows) or, with KA_RECORD_FIXTURES=1, writes
 * them anew.
 */

export const CONTAINERD_FIXTURES = new URL('../../fixtures/containerd/', import.meta.url).pathname;

export interface SequenceFixture {
  about: string;
  containerd: string;
  runc: string;
  /** The recording host's cgroup version and huge page sizes: they shaped the requests. */
  cgroupVersion: 1 | 2;
  hugePageSizes: string[];
  /** The recording host's cgroup controllers as containerd probes them (host-cgroups.ts): the model is told them. */
  hostCgroups: ContainerdHostFacts;
  podCIDR: string;
  steps: FixtureStep[];
}

export interface EventsFixture {
  about: string;
  events: FixtureEvent[];
}

/** Whether this run writes the committed fixtures anew (KA_RECORD_FIXTURES=1, as the runc and crun tests). */
export function recordingFixtures(): boolean {
  return process.env.KA_RECORD_FIXTURES === '1';
}

/** Diff-friendly JSON: top-level keys one per line, each element of an array of objects on its own line. */
export function fixtureText(value: Record<string, unknown>): string {
  const lines = Object.entries(value).map(([k, v]) => {
    const key = JSON.stringify(k);
    if (!Array.isArray(v) || v.length === 0 || v.every((x) => typeof x !== 'object')) return `  ${key}: ${JSON.stringify(v)}`;
    return `  ${key}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export function writeContainerdFixtures(dir: string, sequence: SequenceFixture, events: EventsFixture): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cri-sequence.json'), fixtureText(sequence as unknown as Record<string, unknown>));
  writeFileSync(join(dir, 'events.json'), fixtureText(events as unknown as Record<string, unknown>));
}

export function readContainerdFixtures(dir = CONTAINERD_FIXTURES): { sequence: SequenceFixture; events: EventsFixture } {
  return {
    sequence: JSON.parse(readFileSync(join(dir, 'cri-sequence.json'), 'utf8')) as SequenceFixture,
    events: JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as EventsFixture,
  };
}
