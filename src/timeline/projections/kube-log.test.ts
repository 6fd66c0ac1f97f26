import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { append, emptyList, kubeLogProjection, toArray } from './kube-log.ts';

const e = (seq: number, kind: TraceEvent['kind']): TraceEvent => ({ seq, t: seq, kind, actor: 'user', op: `op${seq}`, src: 'sim' });

describe('kubeLogProjection', () => {
  it('collects Kubernetes Events and commands in order', () => {
    const s = fold(kubeLogProjection, [e(1, 'command'), e(2, 'event'), e(3, 'log'), e(4, 'event'), e(5, 'command')]);
    expect(toArray(s.kubeEvents).map((x) => x.seq)).toEqual([2, 4]);
    expect(toArray(s.commands).map((x) => x.seq)).toEqual([1, 5]);
  });

  it('returns the same array for the same state', () => {
    const s = fold(kubeLogProjection, [e(1, 'event')]);
    expect(toArray(s.kubeEvents)).toBe(toArray(s.kubeEvents));
  });
});

describe('SharedList', () => {
  it('older versions keep seeing only their own prefix', () => {
    const a = append(emptyList<string>(), 'a');
    const ab = append(a, 'b');
    const abc = append(ab, 'c');
    expect(toArray(a)).toEqual(['a']);
    expect(toArray(ab)).toEqual(['a', 'b']);
    expect(toArray(abc)).toEqual(['a', 'b', 'c']);
    expect(abc.items).toBe(a.items); // one backing array
  });

  it('replaying the same items from an old version shares the array; a different item copies', () => {
    const a = append(emptyList<string>(), 'a');
    append(append(a, 'b'), 'c');
    const replayed = append(a, 'b');
    expect(replayed.items).toBe(a.items);
    const forked = append(a, 'x');
    expect(forked.items).not.toBe(a.items);
    expect(toArray(forked)).toEqual(['a', 'x']);
    expect(toArray(append(a, 'b'))).toEqual(['a', 'b']);
  });
});
