import { describe, expect, it } from 'vitest';
import { humanDuration, humanSizeWithPrecision } from './go-units.ts';
import { goTabwriter } from '../go-tabwriter.ts';
import { containerStatusForInspect, rfc3339Nano, statusData, truncatedId } from './print.ts';
import { isCrictlArgsError, parseCrictlArgs } from './args.ts';

describe('go-units (github.com/docker/go-units duration.go, size.go)', () => {
  it('HumanDuration', () => {
    expect(humanDuration(500_000)).toBe('Less than a second');
    expect(humanDuration(1_000_000)).toBe('1 second');
    expect(humanDuration(59_900_000)).toBe('59 seconds');
    expect(humanDuration(90_000_000)).toBe('About a minute');
    expect(humanDuration(45 * 60_000_000)).toBe('45 minutes');
    expect(humanDuration(90 * 60_000_000)).toBe('2 hours');
    expect(humanDuration(3 * 24 * 3_600_000_000)).toBe('3 days');
  });

  it('HumanSizeWithPrecision(size, 3): decimal units, %.3g', () => {
    expect(humanSizeWithPrecision(72_099_501, 3)).toBe('72.1MB');
    expect(humanSizeWithPrecision(320_368, 3)).toBe('320kB');
    expect(humanSizeWithPrecision(2_152_262, 3)).toBe('2.15MB');
    expect(humanSizeWithPrecision(999, 3)).toBe('999B');
  });
});

describe('text/tabwriter as crictl sets it (display.go: minwidth 20, padding 3)', () => {
  it('pads every column but the last to at least 20, or the widest cell plus 3', () => {
    expect(goTabwriter('A\tB\tC\nlong-name-of-twenty-x\tb\tc\n', { minwidth: 20, padding: 3 })).toBe('A                       B                   C\nlong-name-of-twenty-x   b                   c\n');
  });
});

describe('crictl helpers (cri-tools util.go, container.go)', () => {
  it('truncates ids to 13 after the prefix', () => {
    expect(truncatedId('sha256:0123456789abcdef', 'sha256:')).toBe('0123456789abc');
  });

  it('formats ns timestamps as RFC3339Nano and zero times as Go\'s zero time', () => {
    expect(rfc3339Nano('1767258001500000000')).toBe('2026-01-01T09:00:01.5Z');
    expect(containerStatusForInspect({ state: 'CONTAINER_CREATED', createdAt: '1767258001000000000', startedAt: '0', finishedAt: '0' })).toEqual({ state: 'CONTAINER_CREATED', createdAt: '2026-01-01T09:00:01Z', startedAt: '0001-01-01T00:00:00Z', finishedAt: '0001-01-01T00:00:00Z' });
  });

  it('outputStatusData: info values that are JSON objects are parsed, others unquoted; several results are a list; <>& escaped as Go does', () => {
    const out = statusData([{ status: { id: 'a' }, info: { info: '{"pid":42,"sandboxID":"x<y"}', runtimeType: '"io.containerd.runc.v2"' } }], 'json');
    expect(out).toBe('{\n  "info": {\n    "pid": 42,\n    "sandboxID": "x\\u003cy"\n  },\n  "runtimeType": "io.containerd.runc.v2",\n  "status": {\n    "id": "a"\n  }\n}\n');
    expect(statusData([{ status: { id: 'a' }, info: {} }, { status: { id: 'b' }, info: {} }], 'json').startsWith('[\n  {\n')).toBe(true);
  });

  it('parses flags before arguments the Go flag way', () => {
    const cmd = parseCrictlArgs(['inspect', '-o', 'yaml', '--', 'abc']);
    expect(isCrictlArgsError(cmd) ? cmd : { verb: cmd.verb, flags: cmd.flags, args: cmd.args }).toEqual({ verb: 'inspect', flags: { output: 'yaml' }, args: ['abc'] });
    const late = parseCrictlArgs(['inspect', 'abc', '-o', 'yaml']);
    expect(isCrictlArgsError(late) ? late : late.args).toEqual(['abc', '-o', 'yaml']);
    expect(parseCrictlArgs(['frobnicate'])).toEqual({ error: "FATA[0000] No help topic for 'frobnicate'\n", exitCode: 3 });
  });
});
