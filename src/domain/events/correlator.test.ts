import { describe, expect, it } from 'vitest';
import { EventCorrelator, type CorrelatedEvent } from './correlator.ts';

const S = 1_000_000;

function backOff(message = 'Back-off restarting failed container app in pod crash_default(u1)'): CorrelatedEvent {
  return { source: { component: 'kubelet', host: 'node-1' }, involved: { kind: 'Pod', namespace: 'default', name: 'crash', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' }, type: 'Warning', reason: 'BackOff', message };
}

describe('EventCorrelator (client-go tools/record/events_cache.go)', () => {
  it('creates an event once, then counts identical ones as patches of it', () => {
    const c = new EventCorrelator();
    const first = c.correlate(backOff(), 0);
    expect(first).toMatchObject({ create: true });
    if ('key' in first) c.created(first.key, 'crash.188');
    expect(c.correlate(backOff(), 10 * S)).toEqual({ create: false, name: 'crash.188', count: 2, firstTimestamp: 0, message: backOff().message, key: (first as { key: string }).key });
    // Another fieldPath or message is another event.
    expect(c.correlate({ ...backOff(), involved: { ...backOff().involved, fieldPath: 'spec.containers{other}' } }, 11 * S)).toMatchObject({ create: true });
  });

  it('combines the tenth different message of one reason into "(combined from similar events)"', () => {
    const c = new EventCorrelator();
    const results = Array.from({ length: 10 }, (_, i) => c.correlate(backOff(`m${i}`), i * S));
    expect(results.slice(0, 9).every((r) => 'create' in r && r.message.startsWith('m'))).toBe(true);
    expect(results[9]).toMatchObject({ create: true, message: '(combined from similar events): m9' });
  });

  it('drops events past a burst of 25 per object, refilled at one per 5 minutes', () => {
    const c = new EventCorrelator();
    const r = Array.from({ length: 27 }, (_, i) => c.correlate(backOff(), i * 1000));
    const first = r[0] as { key: string };
    c.created(first.key, 'crash.188');
    expect(r.filter((x) => 'skip' in x)).toHaveLength(2);
    expect(c.correlate(backOff(), 301 * S)).toMatchObject({ create: false, count: 28 });
  });
});
