import { describe, expect, it } from 'vitest';
import { appcImage, dockerImage, type AciImage } from './images.ts';
import { catManifest, generatePodManifest, isMutable, MUTABLE_ANNOTATION, runtimeApp, withApp, withoutApp } from './manifest.ts';

const etcd = appcImage('coreos.com/etcd', 'v3.1.7') as AciImage;
const redis = dockerImage('redis:4.0.6') as AciImage;

describe('the pod manifest (stage0/run.go generatePodManifest, appc schema/pod.go)', () => {
  it('is a PodManifest of rkt 1.30.0 with one app per image and the mutable annotation', () => {
    const pm = generatePodManifest({ apps: [{ image: etcd, name: 'etcd' }, { image: redis, name: 'redis' }], mutable: false });
    expect(pm.acKind).toBe('PodManifest');
    expect(pm.acVersion).toBe('1.30.0');
    expect(pm.apps.map((a) => [a.name, a.image.name, a.image.id])).toEqual([
      ['etcd', 'coreos.com/etcd', etcd.id],
      ['redis', 'registry-1.docker.io/library/redis', redis.id],
    ]);
    expect(pm.annotations).toEqual([{ name: MUTABLE_ANNOTATION, value: 'false' }]);
    expect(isMutable(pm)).toBe(false);
    expect(isMutable(generatePodManifest({ apps: [], mutable: true }))).toBe(true);
  });

  it('prints as rkt cat-manifest does: tab-indented, nil volumes, isolators and ports as null', () => {
    const text = catManifest(generatePodManifest({ apps: [{ image: etcd, name: 'etcd' }], mutable: false }));
    expect(text.startsWith('{\n\t"acVersion": "1.30.0",\n\t"acKind": "PodManifest",\n\t"apps": [\n')).toBe(true);
    expect(text).toContain('\t"volumes": null,\n\t"isolators": null,\n\t"annotations": [\n\t\t{\n\t\t\t"name": "coreos.com/rkt/stage1/mutable",\n\t\t\t"value": "false"\n\t\t}\n\t],\n\t"ports": null\n}\n');
  });

  it('applies --exec and -- args like generateRuntimeApp (stage0/common.go)', () => {
    expect(runtimeApp({ image: redis, name: 'r', exec: '/bin/sh', args: ['-c', 'sleep 1'] }).app.exec).toEqual(['/bin/sh', '-c', 'sleep 1']);
  });

  it('refuses a second app of the same name (stage0/app_add.go) and an unknown one on removal', () => {
    const pm = generatePodManifest({ apps: [{ image: etcd, name: 'etcd' }], mutable: true });
    expect(withApp(pm, runtimeApp({ image: etcd, name: 'etcd' }))).toEqual({ error: 'error: multiple apps with name etcd' });
    expect(withoutApp(pm, 'redis')).toEqual({ error: 'error: nonexistent app "redis"' });
  });
});
