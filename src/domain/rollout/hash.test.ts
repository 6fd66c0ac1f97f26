import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../k8s/objects.ts';
import { podTemplateHash } from './hash.ts';

const template = (image = 'nginx:1.27'): PodTemplateSpec => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image }] },
});

describe('podTemplateHash', () => {
  it('uses only the characters SafeEncodeString maps decimal digits to', () => {
    for (const image of ['nginx:1.27', 'nginx:1.29', 'httpd:2.4', 'busybox:1.36', 'redis:7']) {
      expect(podTemplateHash(template(image))).toMatch(/^[456789bcdf]{1,10}$/);
    }
  });

  it('is stable and ignores key order', () => {
    const a = template();
    const b: PodTemplateSpec = { spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] }, metadata: { labels: { app: 'web' } } };
    expect(podTemplateHash(a)).toBe(podTemplateHash(b));
    // Pinned, so an accidental change of the serialization shows up in review.
    expect(podTemplateHash(a)).toBe('6c8d7489d5');
  });

  it('changes with the template and with collisionCount', () => {
    expect(podTemplateHash(template('nginx:1.27'))).not.toBe(podTemplateHash(template('nginx:1.29')));
    const h0 = podTemplateHash(template());
    const h1 = podTemplateHash(template(), 1);
    expect(h1).not.toBe(h0);
    expect(podTemplateHash(template(), 1)).toBe(h1);
    // A collisionCount of 0 is still hashed (upstream only skips a nil pointer).
    expect(podTemplateHash(template(), 0)).not.toBe(h0);
  });
});
