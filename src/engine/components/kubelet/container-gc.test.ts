import { describe, expect, it } from 'vitest';
import type { RuntimeContainerStatus } from '../../../domain/pod/runtime-status.ts';
import { evictableContainers } from './container-gc.ts';

function c(id: string, name: string, state: RuntimeContainerStatus['state'], createdAt: number): RuntimeContainerStatus {
  return { id, name, state, restartCount: 0, createdAt, exitCode: 1, reason: 'Error', message: '', image: '', imageRef: '' };
}

describe('evictableContainers (pkg/kubelet/kuberuntime/kuberuntime_gc.go, MaxPerPodContainer 1)', () => {
  it('keeps the newest dead instance of each container and never a running one', () => {
    const status = { uid: 'u', sandboxes: [], containers: [c('a4', 'app', 'running', 4), c('a3', 'app', 'exited', 3), c('a2', 'app', 'exited', 2), c('a1', 'app', 'exited', 1), c('s1', 'side', 'exited', 1)] };
    // Oldest first, as removeOldestN removes them.
    expect(evictableContainers(status).map((x) => x.id)).toEqual(['a1', 'a2']);
  });
});
