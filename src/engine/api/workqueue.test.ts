import { describe, expect, it } from 'vitest';
import { WorkQueue } from './workqueue.ts';

describe('WorkQueue', () => {
  it('ignores a key that is already queued', () => {
    const q = new WorkQueue();
    q.add('default/web', 1);
    q.add('default/web', 2);
    expect(q.length).toBe(1);
    expect(q.get()).toEqual({ key: 'default/web', cause: 1 });
    expect(q.get()).toBeUndefined();
  });

  it('queues a key again when it was added while being processed', () => {
    const q = new WorkQueue();
    q.add('a', 1);
    const item = q.get();
    q.add('a', 5);
    expect(q.get()).toBeUndefined();
    q.done(item?.key ?? '');
    expect(q.get()).toEqual({ key: 'a', cause: 5 });
  });
});
