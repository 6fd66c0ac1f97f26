/**
 * ImageLocality (plugins/imagelocality/image_locality.go): favours nodes that already hold the
 * pod's images. Each present image scores its size scaled by how widely it has spread
 * (size × nodesWithImage / allNodes, to avoid piling pods onto the few nodes that have it);
 * the sum over init and app containers is clamped to [23 MiB, 1000 MiB × containers] and
 * mapped linearly onto 0..100.
 *
 * Matching is upstream's: the pod's image with ":latest" added when untagged, compared with
 * the names in `status.images` as reported (so "nginx:1.27" does not match
 * "docker.io/library/nginx:1.27", as in kube-scheduler). Approximation: upstream takes an
 * image's size from the first node the cache saw it on; here it is the size on the scored node.
 */
import type { CycleState } from '../cycle-state.ts';
import { MAX_NODE_SCORE } from '../normalize.ts';
import type { NodeInfo } from '../types.ts';

export const IMAGE_LOCALITY = 'ImageLocality';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** calculatePriority: the clamped, linear mapping of the summed image scores onto 0..100. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** scaledImageScore: int64(size × numNodes / totalNumNodes). */
export function scaledImageScore(size: number, numNodes: number, totalNumNodes: number): number {
  return Math.trunc(size * (numNodes / totalNumNodes));
}

/** How many of all nodes hold `image`; counted once per image per cycle. */
function nodesWithImage(state: CycleState, image: string): number {
  let n = state.imageNodeCounts.get(image);
  if (n === undefined) {
    n = 0;
    for (const info of state.allNodes) if (info.imageNames.has(image)) n++;
    state.imageNodeCounts.set(image, n);
  }
  return n;
}

export function imageLocalityScore(state: CycleState, info: NodeInfo): number {
  const images = state.facts.images;
  if (images.length === 0) return 0;
  let sum = 0;
  for (const image of images) {
    const size = info.imageSizes.get(image);
    if (size !== undefined) sum += scaledImageScore(size, nodesWithImage(state, image), state.allNodes.length);
  }
  return imageLocalityPriority(sum, images.length);
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function imageLocalityScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = imageLocalityScore(state, nodes[j] as NodeInfo);
}
