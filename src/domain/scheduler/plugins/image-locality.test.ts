import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { createNodeInfo } from '../node-info.ts';
import { imageLocalityPriority, imageLocalityScore, MAX_CONTAINER_THRESHOLD, MIN_THRESHOLD, scaledImageScore } from './image-locality.ts';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it('maps the summed score linearly between 23 MiB and 1000 MiB per container', () => {
    expect(imageLocalityPriority(0, 1)).toBe(0);
    expect(imageLocalityPriority(MIN_THRESHOLD, 1)).toBe(0);
    expect(imageLocalityPriority(MAX_CONTAINER_THRESHOLD, 1)).toBe(100);
    expect(imageLocalityPriority(5000 * MB, 1)).toBe(100);
    expect(imageLocalityPriority(500 * MB, 1)).toBe(48); // 100·477/977
    expect(imageLocalityPriority(500 * MB, 2)).toBe(24); // 100·477/1977
  });

  it('scales an image by the share of nodes that have it', () => {
    expect(scaledImageScore(300 * MB, 1, 3)).toBe(100 * MB);
  });

  it('scores nodes that hold the image, with the name normalized to :latest', () => {
    const big = { names: ['registry.k8s.io/big:latest'], sizeBytes: 500 * MB };
    const n1 = createNodeInfo(makeNode('n1', { images: [big] }));
    const n2 = createNodeInfo(makeNode('n2'));
    const s = newCycleState(makePod('p', { image: 'registry.k8s.io/big' }), [n1, n2]);
    // 500 MiB × 1/2 = 250 MiB → 100·(250−23)/977 = 23
    expect(imageLocalityScore(s, n1)).toBe(23);
    expect(imageLocalityScore(s, n2)).toBe(0);
  });

  it('does not match a short name against the fully qualified name (as upstream)', () => {
    const n1 = createNodeInfo(makeNode('n1', { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 900 * MB }] }));
    expect(imageLocalityScore(newCycleState(makePod('p', { image: 'nginx:1.27' }), [n1]), n1)).toBe(0);
  });
});
