import { describe, expect, it } from 'vitest';
import { formatTabbed } from './go-tabwriter.ts';

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
