import { describe, expect, it } from 'vitest';
import { ExportWaitError, nextTask, within } from './waits.ts';

describe('within', () => {
  it('passes a value or an error through', async () => {
    await expect(within(Promise.resolve(7), 1000, 'frame')).resolves.toBe(7);
    await expect(within(Promise.reject(new Error('boom')), 1000, 'frame')).rejects.toThrow('boom');
  });

  it('rejects with what it waited for when the promise never settles', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await within(never, 20, 'encoder').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportWaitError);
    expect((err as ExportWaitError).what).toBe('encoder');
  });
});

describe('nextTask', () => {
  it('resolves after the microtasks already queued', async () => {
    const order: string[] = [];
    const task = nextTask().then(() => order.push('task'));
    void Promise.resolve().then(() => order.push('microtask'));
    await task;
    expect(order).toEqual(['microtask', 'task']);
  });
});
