import { describe, it, expect } from 'vitest';
import { lineDiff, withContext } from './lineDiff.ts';

describe('lineDiff', () => {
  it('marks removed and added lines around common ones', () => {
    const d = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });
  it('treats an empty before as all added', () => {
    expect(lineDiff('', 'x\ny')).toEqual([
      { op: '+', text: 'x' },
      { op: '+', text: 'y' },
    ]);
  });
  it('falls back without a table when too large', () => {
    expect(lineDiff('a\nb', 'a\nc', 1)).toHaveLength(4);
  });
});

describe('withContext', () => {
  it('keeps changes with context and folds the rest', () => {
    const lines = lineDiff('1\n2\n3\n4\n5\n6\n7\n8\n', '1\n2\n3\n4\nX\n6\n7\n8\n');
    const out = withContext(lines, 1);
    expect(out[0]).toBeNull();
    expect(out.filter((l) => l !== null).map((l) => `${l!.op}${l!.text}`)).toEqual([' 4', '-5', '+X', ' 6']);
    expect(out[out.length - 1]).toBeNull();
  });
});
