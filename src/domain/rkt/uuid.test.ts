import { describe, expect, it } from 'vitest';
import { createRng } from '../../base/rng.ts';
import { ERR_EMPTY_UUID, newPodUUID, resolveUUID, shortUUID } from './uuid.ts';

describe('pod UUIDs (pkg/pod/pods.go NewPod, pkg/pod/uuid.go resolveUUID)', () => {
  it('are version-4 UUIDs from the seeded stream, the same for the same seed', () => {
    const a = newPodUUID(createRng(7));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newPodUUID(createRng(7))).toBe(a);
    expect(shortUUID(a)).toBe(a.slice(0, 8));
  });

  it('resolves a unique, lower-cased prefix; says when none or several match', () => {
    const pods = ['1f752f5c-6046-4458-8105-832227a07cfa', '1f8a0000-0000-4000-8000-000000000000'];
    expect(resolveUUID('1F75', pods)).toEqual({ uuid: pods[0] });
    expect(resolveUUID('1f', pods)).toEqual({ error: 'ambiguous uuid, 2 matches' });
    expect(resolveUUID('a79a', pods)).toEqual({ error: 'no matches found for "a79a"' });
    expect(resolveUUID('', pods)).toEqual({ error: ERR_EMPTY_UUID });
  });
});
