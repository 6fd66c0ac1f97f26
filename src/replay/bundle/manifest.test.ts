import { describe, expect, it } from 'vitest';
import { inputsFromBundle, type BundleMember } from './inputs.ts';
import { parseBundleManifest } from './manifest.ts';

const good = {
  format: 'kube-anatomy-bundle',
  version: 1,
  generator: 'kube-anatomy 0.1.0',
  startedAt: '2026-01-01T09:00:00.123456789Z',
  endedAt: '2026-01-01T09:00:30Z',
  node: 'kind-control-plane',
  redacted: true,
  files: [
    { path: 'watch/pods.jsonl', format: 'watch', description: 'kubectl get pods -A --watch', lines: 3 },
    { path: 'node/ctr-events.txt', format: 'ctr-events', description: 'ctr events', node: 'worker-1', clockOffsetMicros: -1500, lines: 9 },
  ],
  skipped: [{ source: 'audit log', reason: 'open /var/log/kubernetes/audit.log: permission denied' }],
};
const text = (o: unknown): string => JSON.stringify(o);

describe('parseBundleManifest', () => {
  it('reads a manifest as the recorder writes it', () => {
    const m = parseBundleManifest(text(good));
    expect(m.files[1]).toEqual(good.files[1]);
    expect(m.skipped).toEqual(good.skipped);
    expect(m.node).toBe('kind-control-plane');
    expect(m.extras).toBeUndefined();
    expect(parseBundleManifest(text({ ...good, extras: [{ path: 'strace/runc-traced', description: 'wrapper' }] })).extras).toEqual([{ path: 'strace/runc-traced', description: 'wrapper' }]);
  });

  it('names the file and the field at fault', () => {
    expect(() => parseBundleManifest('{', 'b/manifest.json')).toThrow(/^b\/manifest.json: not valid JSON/);
    expect(() => parseBundleManifest(text({ ...good, format: 'x' }))).toThrow('manifest.json: format: must be "kube-anatomy-bundle", got "x"');
    expect(() => parseBundleManifest(text({ ...good, version: 2 }))).toThrow('version: 2 is not supported (this kube-anatomy reads version 1)');
    expect(() => parseBundleManifest(text({ ...good, startedAt: 'yesterday' }))).toThrow('startedAt: must be an RFC 3339 time, got "yesterday"');
    expect(() => parseBundleManifest(text({ ...good, files: [{ path: '../etc/passwd', format: 'audit' }] }))).toThrow('files[0].path: must be a relative path inside the bundle');
    expect(() => parseBundleManifest(text({ ...good, files: [{ path: 'a', format: 7 }] }))).toThrow('files[0].format: must be a string, got 7');
    expect(() => parseBundleManifest(text({ ...good, files: [{ path: 'a', format: 'audit', clockOffsetMicros: 1.5 }] }))).toThrow('files[0].clockOffsetMicros: must be a whole number of microseconds');
    expect(() => parseBundleManifest(text({ ...good, redacted: 'yes' }))).toThrow('redacted: must be true or false, got "yes"');
    expect(() => parseBundleManifest(text({ ...good, files: [good.files[0], good.files[0]] }))).toThrow('files[1].path: "watch/pods.jsonl" is listed twice');
    expect(() => parseBundleManifest(text({ ...good, extras: {} }))).toThrow('extras: must be an array');
    expect(() => parseBundleManifest(text({ ...good, extras: [{ path: 'watch/pods.jsonl' }] }))).toThrow('extras[0].path: "watch/pods.jsonl" is also in files');
  });
});

const member = (path: string, body: string): BundleMember => ({
  path,
  size: body.length,
  open: async function* () {
    yield new TextEncoder().encode(body);
  },
});

describe('inputsFromBundle', () => {
  it('gives each listed file its format, node and clock offset; files it does not list are skipped and named', async () => {
    const withExtras = { ...good, extras: [{ path: 'strace/runc-traced', description: 'the runc wrapper script' }] };
    const b = await inputsFromBundle('rec.tar.gz', [
      member('out/node/ctr-events.txt', 'x'),
      member('out/manifest.json', text(withExtras)),
      member('out/watch/pods.jsonl', 'y'),
      member('out/extra/audit.log', 'z'),
      member('out/strace/runc-traced', '#!/bin/sh'),
      member('README', 'outside the bundle folder'),
    ]);
    expect(b.problems).toEqual([]);
    expect(b.inputs.map(({ name, format, node, clockOffset }) => ({ name, format, node, clockOffset }))).toEqual([
      { name: 'rec.tar.gz/out/watch/pods.jsonl', format: 'watch', node: 'kind-control-plane', clockOffset: undefined },
      { name: 'rec.tar.gz/out/node/ctr-events.txt', format: 'ctr-events', node: 'worker-1', clockOffset: -1500 },
    ]);
    // The wrapper is listed as an extra: not read, not named.
    expect(b.notListed).toEqual(['rec.tar.gz/README', 'rec.tar.gz/out/extra/audit.log']);
  });

  it('detects the format of every file of a bundle without a manifest', async () => {
    const b = await inputsFromBundle('dir', [member('b.log', 'x'), member('a.log', 'y')]);
    expect(b.inputs.map((i) => [i.name, i.format])).toEqual([
      ['dir/a.log', undefined],
      ['dir/b.log', undefined],
    ]);
    expect(b.notListed).toEqual([]);
  });

  it('reports a bad manifest and missing files, and still imports what is there', async () => {
    const bad = await inputsFromBundle('dir', [member('manifest.json', '{"format":"kube-anatomy-bundle","version":1}'), member('a.log', 'x')]);
    expect(bad.problems).toEqual([{ file: 'dir/manifest.json', reason: 'generator: must be a string (missing)' }]);
    expect(bad.inputs.map((i) => i.name)).toEqual(['dir/a.log']);
    const missing = await inputsFromBundle('dir', [member('manifest.json', text(good)), member('watch/pods.jsonl', 'y')]);
    expect(missing.problems).toEqual([{ file: 'dir/node/ctr-events.txt', reason: 'listed in manifest.json but not in the bundle' }]);
  });
});
