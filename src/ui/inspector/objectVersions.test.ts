import { describe, it, expect } from 'vitest';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { objectKey } from '../../timeline/index.ts';
import { toYaml, versionPair, yamlDiff } from './objectVersions.ts';

describe('object versions', () => {
  const tl = helloTimeline();
  const world = tl.stateAt(tl.endTime);
  const [key, entry] = [...world.objects].find(([, e]) => e.object.kind === 'Pod')!;

  it('prints YAML as kubectl would (apiVersion, kind, metadata first)', () => {
    const yaml = toYaml(entry.object);
    expect(yaml.startsWith('apiVersion: v1\nkind: Pod\nmetadata:')).toBe(true);
  });

  it('finds the previous version and diffs it: the last change made the Pod Running', () => {
    const history = tl.objectHistory(key);
    const pair = versionPair(history, entry.lastSeq);
    expect(pair.current).toBeDefined();
    expect(pair.previous).toBeDefined();
    const diff = yamlDiff(pair.previous, pair.current);
    expect(diff.some((l) => l.op === '+' && l.text.includes('phase: Running'))).toBe(true);
    expect(diff.some((l) => l.op === '-' && l.text.includes('phase: Pending'))).toBe(true);
  });

  it('has no previous version for the first one', () => {
    const first = tl.objectHistory(key)[0]!;
    const pair = versionPair(tl.objectHistory(key), first.seq);
    expect(pair.previous).toBeUndefined();
    expect(yamlDiff(pair.previous, pair.current).every((l) => l.op === '+')).toBe(true);
    expect(objectKey(first.ref!)).toBe(key);
  });
});
