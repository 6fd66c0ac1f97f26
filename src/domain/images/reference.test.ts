import { describe, expect, it } from 'vitest';
import { familiarName, normalizeImageName, parseImageName, parseImageReference } from './reference.ts';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

describe('normalizeImageName', () => {
  it.each([
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['nginx', 'docker.io/library/nginx:latest'],
    ['library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['docker.io/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['index.docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis:7.2'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.52', 'registry.k8s.io/e2e-test-images/agnhost:2.52'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost/app:v1', 'localhost/app:v1'],
    ['quay.io/prometheus/node-exporter:v1.8.2', 'quay.io/prometheus/node-exporter:v1.8.2'],
    [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
    [`nginx:1.27@${DIGEST}`, `docker.io/library/nginx:1.27@${DIGEST}`],
  ])('%s → %s', (ref, normalized) => {
    expect(normalizeImageName(ref)).toBe(normalized);
  });

  it('rejects uppercase repositories and malformed references', () => {
    expect(() => normalizeImageName('Nginx')).toThrowError(new Error('invalid reference format: repository name (library/Nginx) must be lowercase'));
    expect(() => normalizeImageName('nginx:')).toThrowError(new Error('invalid reference format'));
    expect(() => normalizeImageName('nginx:1.27:extra')).toThrowError(new Error('invalid reference format'));
    expect(() => normalizeImageName('')).toThrowError(new Error('invalid reference format'));
    expect(() => normalizeImageName('a'.repeat(64).replace(/a/g, 'f'))).toThrow('cannot specify 64-byte hexadecimal strings');
  });

  it('treats a capitalised first component as a registry host', () => {
    expect(parseImageReference('MyRegistry/app:1')).toEqual({ domain: 'MyRegistry', path: 'app', tag: '1' });
  });
});

describe('familiarName', () => {
  it('shortens Docker Hub names the way docker and crictl print them', () => {
    expect(familiarName('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
    expect(familiarName('docker.io/bitnami/redis:7.2')).toBe('bitnami/redis:7.2');
    expect(familiarName('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
  });
});

describe('parseImageName (kubelet)', () => {
  it('applies the default tag only without tag and digest', () => {
    expect(parseImageName('nginx')).toEqual({ repository: 'docker.io/library/nginx', tag: 'latest', digest: '' });
    expect(parseImageName('nginx:1.27')).toEqual({ repository: 'docker.io/library/nginx', tag: '1.27', digest: '' });
    expect(parseImageName(`nginx@${DIGEST}`)).toEqual({ repository: 'docker.io/library/nginx', tag: '', digest: DIGEST });
  });

  it("wraps parse errors as the kubelet's couldn't parse image name", () => {
    expect(() => parseImageName('Nginx')).toThrowError(
      new Error('couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase'),
    );
  });
});
