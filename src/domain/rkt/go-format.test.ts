import { describe, expect, it } from 'vitest';
import { goQuote, goTabwriter, goTimeLayout, goTimeString, humanizeIBytes, humanizeTime } from './go-format.ts';

const S = 1_000_000;

describe('Go text/tabwriter with TAB padding (rkt/rkt.go getTabOutWithWriter: 0, 8, 1, \\t, 0)', () => {
  it('pads each column with tabs up to the next multiple of 8 past the widest cell + 1', () => {
    const out = goTabwriter('UUID\tAPP\tSTATE\na79a0bd6\tetcd\trunning\n');
    // "a79a0bd6" is 8 wide: 8 + 1 padding rounds to 16, so UUID gets 2 tabs and the id 1.
    expect(out).toBe('UUID\t\tAPP\tSTATE\na79a0bd6\tetcd\trunning\n');
  });

  it('gives an empty cell one tab stop and leaves the last cell of a line unpadded', () => {
    expect(goTabwriter('a\tb\tc\n\tredis\t\n')).toBe('a\tb\tc\n\tredis\t\n');
  });

  it('starts a new column block where a line has fewer cells (tabwriter.go format)', () => {
    const out = goTabwriter('looooooooong\tx\nshort\n\ta\tb\n');
    expect(out.split('\n')[0]).toBe('looooooooong\tx');
    expect(out.split('\n')[2]).toBe('\ta\tb');
  });
});

describe('go-humanize as vendored by rkt (times.go, bytes.go)', () => {
  it('relative times in whole seconds, as `rkt list` prints CREATED and STARTED', () => {
    expect(humanizeTime(10 * S, 10 * S + 400_000)).toBe('now');
    expect(humanizeTime(10 * S, 11 * S)).toBe('1 second ago');
    expect(humanizeTime(0, 8 * S)).toBe('8 seconds ago');
    expect(humanizeTime(0, 61 * S)).toBe('1 minute ago');
    expect(humanizeTime(0, 12 * 60 * S)).toBe('12 minutes ago');
    expect(humanizeTime(0, 3600 * S)).toBe('1 hour ago');
  });

  it("IBytes without a space, as the talk's `rkt image list` shows (58MiB, 211MiB, 204MiB)", () => {
    expect(humanizeIBytes(58 * 1024 * 1024)).toBe('58MiB');
    expect(humanizeIBytes(211 * 1024 * 1024)).toBe('211MiB');
    expect(humanizeIBytes(5 * 1024 * 1024 + 300_000)).toBe('5.3MiB');
    expect(humanizeIBytes(9)).toBe('9B');
  });
});

describe('Go formatting of strings and times', () => {
  it('%q quotes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
  });

  it('the layout "2006-01-02 15:04:05.999 -0700 MST" drops trailing zeros of the fraction', () => {
    const base = BigInt(Date.UTC(2026, 0, 1, 9, 0, 2)) * 1_000_000n;
    expect(goTimeLayout(base + 716_000_000n)).toBe('2026-01-01 09:00:02.716 +0000 UTC');
    expect(goTimeLayout(base + 500_000_000n)).toBe('2026-01-01 09:00:02.5 +0000 UTC');
    expect(goTimeLayout(base)).toBe('2026-01-01 09:00:02 +0000 UTC');
    expect(goTimeString(base + 123_456_789n)).toBe('2026-01-01 09:00:02.123456789 +0000 UTC');
  });
});
