import { describe, expect, it } from 'vitest';
import { formatTabbed } from './go-tabwriter.ts';
import { rfc1123z } from './sections.ts';

// text/tabwriter Writer.format, with kubectl describe's settings (minwidth 0, padding 2).
describe('formatTabbed', () => {
  it('aligns a block of lines to its widest cell plus 2', () => {
    expect(formatTabbed('Name:\tweb\nRollingUpdateStrategy:\t25% max unavailable\n')).toBe('Name:                   web\nRollingUpdateStrategy:  25% max unavailable\n');
  });

  it('starts a new block after a line without that column', () => {
    expect(formatTabbed('Status:\tRunning\nIPs:\n  IP:\t10.244.1.2\nControlled By:\tReplicaSet/web\n')).toBe('Status:  Running\nIPs:\n  IP:           10.244.1.2\nControlled By:  ReplicaSet/web\n');
  });

  it('sizes inner columns within the block of the outer one', () => {
    expect(formatTabbed('  Type\tReason\tAge\n  ----\t------\t---\n  Normal\tScheduled\t5s\n')).toBe('  Type    Reason     Age\n  ----    ------     ---\n  Normal  Scheduled  5s\n');
  });
});

describe('rfc1123z (time.RFC1123Z)', () => {
  it('formats UTC timestamps with the weekday', () => {
    expect(rfc1123z('2026-01-01T09:00:01Z')).toBe('Thu, 01 Jan 2026 09:00:01 +0000');
    expect(rfc1123z('2024-02-29T23:59:59.5Z')).toBe('Thu, 29 Feb 2024 23:59:59 +0000');
    expect(rfc1123z('2000-03-01T00:00:00Z')).toBe('Wed, 01 Mar 2000 00:00:00 +0000');
  });
});
