import { describe, expect, it } from 'vitest';
import { imageInfo, KNOWN_IMAGES, normalizeImageName, shortImageName } from './catalog.ts';

const HEX64 = /^[0-9a-f]{64}$/;

describe('imageInfo', () => {
  it('describes nginx:1.27 with its real structure and size', () => {
    const info = imageInfo('nginx:1.27');
    expect(info.ref).toBe('nginx:1.27');
    expect(info.normalized).toBe('docker.io/library/nginx:1.27');
    expect(info.sizeBytes).toBe(72_099_501);
    expect(info.layers).toHaveLength(7);
    expect(info.layers.reduce((a, l) => a + l.size, 0)).toBe(info.sizeBytes);
    expect(info.repoDigest).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(info.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.known).toBe(true);
    for (const l of info.layers) expect(l.digest.slice('sha256:'.length)).toMatch(HEX64);
    expect(new Set(info.layers.map((l) => l.digest)).size).toBe(7);
  });

  it('knows the sandbox image and single-layer images', () => {
    expect(imageInfo('registry.k8s.io/pause:3.10')).toMatchObject({ sizeBytes: 320_368, known: true });
    expect(imageInfo('busybox:1.36').layers).toHaveLength(1);
    expect(imageInfo('httpd:2.4').known).toBe(true);
    expect(imageInfo('httpd:2.2').known).toBe(true);
    expect(imageInfo('redis:7').known).toBe(true);
    expect(imageInfo('postgres:16').layers.length).toBeGreaterThan(10);
  });

  it('resolves an untagged name to :latest', () => {
    expect(imageInfo('nginx').normalized).toBe('docker.io/library/nginx:latest');
    expect(imageInfo('nginx').sizeBytes).toBe(imageInfo('nginx:latest').sizeBytes);
  });

  it('is deterministic and different per image', () => {
    expect(imageInfo('nginx:1.27')).toEqual(imageInfo('nginx:1.27'));
    expect(imageInfo('nginx:1.27').id).not.toBe(imageInfo('nginx:1.29').id);
    expect(imageInfo('nginx:1.27').repoDigest).not.toBe(imageInfo('nginx:1.29').repoDigest);
  });

  it('keeps the digest of a digest reference', () => {
    const digest = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';
    expect(imageInfo(`nginx@${digest}`).repoDigest).toBe(`docker.io/library/nginx@${digest}`);
  });

  it('derives 3–6 layers and a plausible size for unknown images', () => {
    for (const ref of ['example.com/team/app:v1', 'ghcr.io/acme/api:2.3.4', 'myorg/worker', 'registry.local:5000/x/y:z']) {
      const info = imageInfo(ref);
      expect(info.known).toBe(false);
      expect(info.layers.length).toBeGreaterThanOrEqual(3);
      expect(info.layers.length).toBeLessThanOrEqual(6);
      expect(info.sizeBytes).toBeGreaterThanOrEqual(5_000_000);
      expect(info.sizeBytes).toBeLessThan(150_000_000);
      expect(info.layers.reduce((a, l) => a + l.size, 0)).toBe(info.sizeBytes);
      expect(info.layers[0]?.size).toBe(Math.max(...info.layers.map((l) => l.size)));
      expect(imageInfo(ref)).toEqual(info);
    }
  });

  it('throws for references that do not parse', () => {
    expect(() => imageInfo('Nginx:1.27')).toThrow('must be lowercase');
  });
});

describe('KNOWN_IMAGES', () => {
  it('lists normalized names only', () => {
    for (const name of KNOWN_IMAGES) expect(normalizeImageName(name)).toBe(name);
    expect(KNOWN_IMAGES).toContain('docker.io/library/nginx:1.29');
  });

  it('gives short names back', () => {
    expect(shortImageName('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
  });
});
