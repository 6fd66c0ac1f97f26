import { describe, expect, it } from 'vitest';
import { chainIds, pullDuration, pullSteps, shareBandwidth, standInDiffId, type PullImageInput } from './pull.ts';
import { dig } from '../cri/test-fixtures.ts';
import { sha256Digest } from './sha256.ts';

const MB = 1024 * 1024;
const nginx: PullImageInput = {
  normalized: 'docker.io/library/nginx:1.27',
  repoDigest: 'docker.io/library/nginx@sha256:' + '1'.repeat(64),
  id: 'sha256:' + '2'.repeat(64),
  sizeBytes: 72 * MB,
  layers: [
    { digest: 'sha256:' + 'a'.repeat(64), size: 28 * MB },
    { digest: 'sha256:' + 'b'.repeat(64), size: 40 * MB },
    { digest: 'sha256:' + 'c'.repeat(64), size: 1024 },
    { digest: 'sha256:' + 'd'.repeat(64), size: 2048 },
  ],
};

describe('shareBandwidth', () => {
  it('gives a lone download the whole link after the first byte', () => {
    expect(shareBandwidth([10 * MB], 10 * MB, 3, 90_000)).toEqual([{ start: 0, end: 1_090_000 }]);
  });
  it('splits the link between concurrent downloads and queues beyond the slot limit', () => {
    const w = shareBandwidth([MB, MB, MB, MB], MB, 3, 0);
    // Three share the link (3 s together); the fourth starts when a slot frees and then runs alone.
    expect(w.slice(0, 3).map((x) => x.end)).toEqual([3_000_000, 3_000_000, 3_000_000]);
    expect(w[3]).toEqual({ start: 3_000_000, end: 4_000_000 });
  });
  it('lets a small layer finish early while a big one keeps going', () => {
    const [big, small] = shareBandwidth([9 * MB, MB], MB, 3, 0);
    expect(small!.end).toBe(2_000_000);
    expect(big!.end).toBe(10_000_000);
  });
});

describe('chain IDs', () => {
  it('follow image-spec: the first is the diffID, then sha256(parent + " " + diffID)', () => {
    const d = ['sha256:' + '1'.repeat(64), 'sha256:' + '2'.repeat(64)];
    expect(chainIds(d)).toEqual([d[0], sha256Digest(`${d[0]} ${d[1]}`)]);
    expect(standInDiffId('sha256:x')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('pullSteps', () => {
  const steps = pullSteps(nginx, { bandwidthBytesPerSecond: 20 * MB });

  it('resolves on Docker Hub with a 401, a token and a HEAD returning the digest', () => {
    expect(steps.slice(0, 3).map((s) => `${s.op} ${s.attrs['status']}`)).toEqual(['HEAD 401', 'GET 200', 'HEAD 200']);
    expect(steps[0]!.attrs['url']).toBe('https://registry-1.docker.io/v2/library/nginx/manifests/1.27');
    expect(steps[2]!.attrs['docker-content-digest']).toBe('sha256:' + '1'.repeat(64));
    expect(steps[3]!.attrs['url']).toBe('https://registry-1.docker.io/v2/library/nginx/manifests/sha256:' + '1'.repeat(64));
    expect(steps[5]!.attrs['url']).toBe(`https://registry-1.docker.io/v2/library/nginx/blobs/${nginx.id}`);
  });

  it('skips the token dance on other registries', () => {
    const pause = pullSteps({ ...nginx, normalized: 'registry.k8s.io/pause:3.10', repoDigest: 'registry.k8s.io/pause@sha256:' + '9'.repeat(64), layers: [{ digest: 'sha256:' + 'e'.repeat(64), size: 300_000 }] }, { bandwidthBytesPerSecond: 20 * MB });
    expect(pause[0]).toMatchObject({ op: 'HEAD', attrs: { url: 'https://registry.k8s.io/v2/pause/manifests/3.10', status: 200 } });
  });

  it('fetches layers concurrently, at most three at a time', () => {
    const gets = steps.filter((s) => s.op === 'GET' && String(s.attrs['url']).includes('/blobs/') && s.attrs['size'] !== undefined);
    expect(gets).toHaveLength(4);
    const starts = gets.map((g) => g.at);
    expect(starts[0]).toBe(starts[1]);
    expect(starts[1]).toBe(starts[2]);
    expect(starts[3]).toBeGreaterThan(starts[0]!);
  });

  it('unpacks in order: prepare, apply, commit, each layer on its parent chain', () => {
    const unpack = steps.filter((s) => ['Prepare', 'Apply', 'Commit'].includes(s.op));
    expect(unpack.map((s) => s.op)).toEqual(['Prepare', 'Apply', 'Commit', 'Prepare', 'Apply', 'Commit', 'Prepare', 'Apply', 'Commit', 'Prepare', 'Apply', 'Commit']);
    const commits = unpack.filter((s) => s.op === 'Commit');
    const prepares = unpack.filter((s) => s.op === 'Prepare');
    expect(prepares[0]!.attrs['parent']).toBe('');
    expect(prepares[1]!.attrs['parent']).toBe(commits[0]!.attrs['name']);
    expect(String(prepares[1]!.attrs['key'])).toMatch(new RegExp(`^extract-\\d+-[A-Za-z0-9_-]{4} ${String(commits[1]!.attrs['name'])}$`));
    expect(dig(prepares[0]!.attrs, 'event.topic')).toBe('/snapshot/prepare');
    expect(dig(commits[0]!.attrs, 'event.topic')).toBe('/snapshot/commit');
    for (let i = 1; i < unpack.length; i++) expect(unpack[i]!.at).toBeGreaterThanOrEqual(unpack[i - 1]!.at + unpack[i - 1]!.dur);
    // A layer is applied only after it has been downloaded.
    const layerGets = steps.filter((s) => s.op === 'GET' && s.attrs['size'] !== undefined);
    const applies = unpack.filter((s) => s.op === 'Apply');
    applies.forEach((a, i) => expect(a.at).toBeGreaterThanOrEqual(layerGets[i]!.at + layerGets[i]!.dur));
    expect(dig(applies[1]!.attrs, 'mounts.0.type')).toBe('overlay');
  });

  it('records the image under tag, id, tag again and digest, as ctr events shows', () => {
    const events = steps.filter((s) => s.op.startsWith('images.')).map((s) => [dig(s.attrs, 'event.topic'), s.attrs['name']]);
    expect(events).toEqual([
      ['/images/create', 'docker.io/library/nginx:1.27'],
      ['/images/create', nginx.id],
      ['/images/update', 'docker.io/library/nginx:1.27'],
      ['/images/create', nginx.repoDigest],
    ]);
    expect(steps.at(-1)!.attrs['labels']).toEqual({ 'io.cri-containerd.image': 'managed' });
  });

  it('is deterministic and takes seconds for a 70 MB image at 20 MB/s', () => {
    expect(pullSteps(nginx, { bandwidthBytesPerSecond: 20 * MB })).toEqual(steps);
    const total = pullDuration(steps);
    expect(total).toBeGreaterThan(3_500_000);
    expect(total).toBeLessThan(6_000_000);
    for (const s of steps) expect(Number.isInteger(s.dur) && Number.isInteger(s.at)).toBe(true);
  });
});
