import { describe, expect, it } from 'vitest';
import { TabWriter, cellWidth, formatColumns } from './printTabwriter.ts';

describe('kubectl tabwriter layout', () => {
  it('pads every column but the last to its widest cell plus 3', () => {
    expect(formatColumns([['NAME', 'READY'], ['web-1', '1/1']])).toBe('NAME    READY\nweb-1   1/1\n');
  });

  it('never makes a column narrower than 6', () => {
    expect(formatColumns([['A', 'B', 'C'], ['x', 'y', 'z']])).toBe('A     B     C\nx     y     z\n');
  });

  it('leaves an empty last cell unpadded but pads an empty middle cell', () => {
    expect(formatColumns([['NAME', 'SUBOBJECT', 'MSG'], ['a', '', '']])).toBe('NAME   SUBOBJECT   MSG\na                  \n');
  });

  it('counts code points, as Go counts runes', () => {
    expect(cellWidth('日本語')).toBe(3);
    expect(cellWidth('🚀')).toBe(1);
    expect(formatColumns([['名前', 'X'], ['ab', 'y']])).toBe('名前    X\nab    y\n');
  });

  it('remembers widths across writes (RememberWidths), so -w rows stay aligned', () => {
    const w = new TabWriter();
    expect(w.write([['NAME', 'STATUS', 'AGE'], ['web-1', 'Pending', '0s']])).toBe('NAME    STATUS    AGE\nweb-1   Pending   0s\n');
    expect(w.write([['web-1', 'Running', '5s']])).toBe('web-1   Running   5s\n');
    // a wider cell later widens that column from then on
    expect(w.write([['web-12345', 'ContainerCreating', '1s']])).toBe('web-12345   ContainerCreating   1s\n');
    expect(w.write([['web-1', 'Running', '6s']])).toBe('web-1       Running             6s\n');
  });
});
