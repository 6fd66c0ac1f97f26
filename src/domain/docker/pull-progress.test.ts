import { describe, expect, it } from 'vitest';
import { displayJsonMessages, familiarRef, pullErrorMessage, pullProgressMessages } from './pull-progress.ts';

// docker/cli jsonmessage (no terminal: status lines only), moby daemon/containerd/image_pull.go.
describe('docker pull output without a terminal', () => {
  const layers = [{ digest: 'sha256:aaaaaaaaaaaa1111' }, { digest: 'sha256:bbbbbbbbbbbb2222' }];

  it('prints one line per layer status, then the digest and the status', () => {
    const out = displayJsonMessages(pullProgressMessages({ ref: 'nginx', layers, indexDigest: 'sha256:abc', upToDate: false }));
    expect(out).toBe(
      [
        'latest: Pulling from library/nginx',
        'aaaaaaaaaaaa: Pulling fs layer',
        'bbbbbbbbbbbb: Pulling fs layer',
        'aaaaaaaaaaaa: Download complete',
        'bbbbbbbbbbbb: Download complete',
        'aaaaaaaaaaaa: Pull complete',
        'bbbbbbbbbbbb: Pull complete',
        'Digest: sha256:abc',
        'Status: Downloaded newer image for nginx:latest',
        '',
      ].join('\n'),
    );
  });

  it('says an image it has is up to date', () => {
    expect(displayJsonMessages(pullProgressMessages({ ref: 'nginx:1.27', layers, indexDigest: 'sha256:abc', upToDate: true }))).toBe('1.27: Pulling from library/nginx\nDigest: sha256:abc\nStatus: Image is up to date for nginx:1.27\n');
  });

  it('names images as Docker does and words the registry refusals', () => {
    expect(familiarRef('docker.io/library/nginx:latest')).toBe('nginx:latest');
    expect(familiarRef('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(pullErrorMessage('nosuchimage', { headStatus: 401, dockerHub: true })).toBe("pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied");
    expect(pullErrorMessage('nginx:nope', { headStatus: 404, dockerHub: true })).toBe('manifest for nginx:nope not found: manifest unknown: manifest unknown');
  });
});
