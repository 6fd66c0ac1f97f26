import { describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import { nodeEvents, nodeHeader } from './fixtures.ts';
import { nodeModel } from './model.ts';
import { countUpTo, nodeEventIndex } from './nodeEvents.ts';
import { folderFor, runtimeOf } from './useNodeModel.ts';

const tl = new Timeline(nodeHeader);
tl.append(nodeEvents);
const events = nodeEventIndex(tl).byNode.get('node-1') ?? [];
const entry = { name: 'node-1', runtime: 'containerd+runc' };

describe('folderFor: playback applies only the new events', () => {
  it('gives, step by step forward and after a seek back, the same model as folding from scratch', () => {
    const marks = [0, 40, 41, 200, 350, events.length, 120];
    for (const n of marks) {
      const incremental = folderFor(events, entry, n).view();
      expect(incremental, `count ${n}`).toEqual(nodeModel({ node: 'node-1', runtime: 'containerd+runc', events: events.slice(0, n) }));
    }
  });

  it('keeps a model as it was when the folder moves on', () => {
    const f = folderFor(events, entry, 300);
    const before = JSON.stringify(f.view());
    const model = f.view();
    folderFor(events, entry, events.length);
    expect(JSON.stringify(model)).toBe(before);
  });

  it('reuses the folder behind the playhead and starts a new one on a seek back', () => {
    const fresh = [...events];
    const a = folderFor(fresh, entry, 100);
    expect(folderFor(fresh, entry, 150)).toBe(a);
    expect(a.applied).toBe(150);
    const b = folderFor(fresh, entry, 20);
    expect(b).not.toBe(a);
    expect(b.applied).toBe(20);
  });
});

describe('runtimeOf', () => {
  it('takes the trace header\'s runtime, else reads it from the node\'s actors', () => {
    expect(runtimeOf(nodeHeader, 'node-1', [])).toBe('containerd+runc');
    // A node that joined without a header entry: the kubelet's CRI calls go to containerd, runc's spans name the other.
    expect(runtimeOf({ ...nodeHeader, cluster: { nodes: [] } }, 'node-1', events)).toBe('containerd+runc');
    expect(runtimeOf({ ...nodeHeader, cluster: { nodes: [] } }, 'node-1', events.slice(0, countUpTo(events, 0)))).toBe('');
  });
});
