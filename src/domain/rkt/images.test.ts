import { describe, expect, it } from 'vitest';
import { appcImage, appNameOf, discoverPubKey, dockerImage, dockerNames, imageNameWithVersion, parseImageString, shortHash, stage1Image, trimImageID } from './images.ts';

describe('image strings (rkt/image/common.go DistFromImageString)', () => {
  it('tells appc names, docker references and image ids apart', () => {
    expect(parseImageString('coreos.com/etcd:v3.1.7')).toEqual({ kind: 'appc', name: 'coreos.com/etcd', version: 'v3.1.7', text: 'coreos.com/etcd:v3.1.7' });
    expect(parseImageString('docker://redis:4.0.6')).toMatchObject({ kind: 'docker', ref: 'redis:4.0.6' });
    expect(parseImageString('docker:redis')).toMatchObject({ kind: 'docker', ref: 'redis' });
    expect(parseImageString('sha512-e7a54697d04d')).toMatchObject({ kind: 'hash' });
  });

  it('names Docker images as docker2aci does: registry-1.docker.io/library/<repo>, the tag as version', () => {
    expect(dockerNames('redis:4.0.6')).toMatchObject({ aciName: 'registry-1.docker.io/library/redis', tag: '4.0.6' });
    expect(dockerNames('nginx')).toMatchObject({ tag: 'latest', original: 'nginx:latest' });
    expect(dockerNames('quay.io/coreos/hyperkube:v1.8.0')).toMatchObject({ aciName: 'quay.io/coreos/hyperkube', tag: 'v1.8.0' });
    const redis = dockerImage('redis:4.0.6');
    expect(redis && imageNameWithVersion(redis)).toBe('registry-1.docker.io/library/redis:4.0.6');
    expect(redis?.annotations).toContainEqual({ name: 'appc.io/docker/originalname', value: 'redis:4.0.6' });
  });

  it("has the talk's etcd ACI, signed by the CoreOS key found by discovery", () => {
    const etcd = appcImage('coreos.com/etcd', 'v3.1.7');
    expect(etcd?.app?.exec).toEqual(['/etcd']);
    expect(etcd?.app?.mountPoints?.[0]?.name).toBe('data-dir');
    expect(discoverPubKey('coreos.com/etcd')?.fingerprint).toBe('18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e');
    expect(discoverPubKey('example.com/app')).toBeUndefined();
    expect(appcImage('example.com/app', '1')).toBeUndefined();
  });

  it('shortens ids as rkt prints them: fetch (types.ShortHash, 32 hex) and image list (trimImageID, 12 hex)', () => {
    const id = stage1Image('coreos').id;
    expect(id).toMatch(/^sha512-[0-9a-f]{64}$/);
    expect(shortHash(id)).toHaveLength('sha512-'.length + 32);
    expect(trimImageID(id)).toHaveLength('sha512-'.length + 12);
  });

  it('derives the app name from the image name (stage0/run.go imageNameToAppName)', () => {
    expect(appNameOf('coreos.com/etcd')).toBe('etcd');
    expect(appNameOf('registry-1.docker.io/library/redis')).toBe('redis');
  });
});
