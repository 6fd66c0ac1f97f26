import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { markStyle } from './inferredStyle.ts';

const ev = (over: Partial<TraceEvent>): TraceEvent => ({ seq: 1, t: 0, kind: 'span', actor: 'runc/node-1', op: 'clone3', src: 'strace', ...over });

describe('markStyle', () => {
  it('draws recorded and simulated events solid', () => {
    expect(markStyle(ev({}), 2)).toEqual({ dash: [], hatch: false, hollow: false, clock: false });
    expect(markStyle(ev({ src: 'sim', attrs: { pid: 4 } }), 2).dash).toEqual([]);
  });

  it('dashes inferred steps: spans hatched, glyphs hollow, arrows dashed only', () => {
    expect(markStyle(ev({ inferred: true }), 2)).toEqual({ dash: [8, 6], hatch: true, hollow: false, clock: false });
    expect(markStyle(ev({ kind: 'object', op: 'MODIFIED', inferred: true }), 1)).toMatchObject({ dash: [4, 3], hatch: false, hollow: true });
    expect(markStyle(ev({ kind: 'message', to: 'kubectl', op: 'END_STREAM', inferred: true }), 1)).toMatchObject({ hatch: false, hollow: false });
  });

  it('marks a time the merge placed or moved, inferred step or not', () => {
    expect(markStyle(ev({ attrs: { timeInferred: true } }), 1)).toEqual({ dash: [], hatch: false, hollow: false, clock: true });
    expect(markStyle(ev({ attrs: { tClamped: true } }), 1).clock).toBe(true);
    expect(markStyle(ev({ inferred: true, attrs: { tClamped: true } }), 1)).toMatchObject({ hatch: true, clock: true });
    // An inferred cause link alone changes nothing in the drawing (the inspector says it).
    expect(markStyle(ev({ attrs: { causeInferred: true, causeRule: 'cri-after-watch' } }), 1)).toEqual({ dash: [], hatch: false, hollow: false, clock: false });
  });
});
