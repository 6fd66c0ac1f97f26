import { describe, expect, it } from 'vitest';
import { generateEvents } from './pleg.ts';

describe('generateEvents (pkg/kubelet/pleg/generic.go)', () => {
  it('turns a state change of one container into its lifecycle events', () => {
    expect(generateEvents('non-existent', 'running')).toEqual(['ContainerStarted']);
    expect(generateEvents('running', 'exited')).toEqual(['ContainerDied']);
    expect(generateEvents('non-existent', 'exited')).toEqual(['ContainerDied']);
    expect(generateEvents('non-existent', 'unknown')).toEqual(['ContainerChanged']);
    expect(generateEvents('exited', 'non-existent')).toEqual(['ContainerRemoved']);
    // A container that vanished while running died first.
    expect(generateEvents('running', 'non-existent')).toEqual(['ContainerDied', 'ContainerRemoved']);
    expect(generateEvents('running', 'running')).toEqual([]);
  });
});
