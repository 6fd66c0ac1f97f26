import { pullSteps } from '../../../domain/containerd/pull.ts';
import { pullErrorMessage, pullProgressMessages, type JsonMessage } from '../../../domain/docker/pull-progress.ts';
import type { ImageInfo } from '../../../domain/images/catalog.ts';
import { pullFailure } from '../../../domain/images/pull-errors.ts';
import { injectedPullFailure } from '../../faults/registry.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps, type PlannedStep } from '../../runtime/steps.ts';

/** Image download speed from the registry (bytes/s), as containerd's pulls use. */
const BANDWIDTH = 50_000_000;

/**
 * dockerd's pull with the containerd image store (moby daemon/containerd/image_pull.go): the
 * daemon resolves and fetches itself (the containerd client library runs in dockerd, writing
 * blobs to containerd's content store), then has containerd unpack the layers into overlayfs
 * snapshots (diff.v1 Apply) and record the image (images.v1 Create), all in namespace `moby`.
 * `call` sends one native API call to containerd/<host> and waits for its answer.
 */
export function pullImage(
  sim: Simulation,
  actor: string,
  ref: string,
  info: ImageInfo,
  present: boolean,
  cause: number,
  call: (op: string, payload: Record<string, unknown>, cause: number, then: (res: Record<string, unknown>, seq: number) => void) => void,
  done: (result: { ok: true; stream: JsonMessage[] } | { ok: false; status: number; message: string }, seq: number) => void,
): void {
  const indexDigest = info.repoDigest.slice(info.repoDigest.indexOf('@') + 1);
  const progress = (upToDate: boolean): JsonMessage[] => pullProgressMessages({ ref, layers: info.layers, indexDigest, upToDate });
  const failure = injectedPullFailure(sim, ref, sim.network.actor(actor)?.host ?? '') ?? pullFailure(ref);
  if (failure) {
    const url = `https://${failure.dockerHub ? 'registry-1.docker.io' : info.normalized.split('/')[0]}/v2/${info.normalized.slice(info.normalized.indexOf('/') + 1).replace(/:[^:/]*$/, '')}/manifests/${info.normalized.replace(/^.*:/, '')}`;
    playSteps(sim, actor, [{ op: 'HEAD', dur: 70_000, attrs: { url, status: failure.headStatus } }], cause, undefined, (last) => done({ ok: false, status: 404, message: pullErrorMessage(ref, failure) }, last));
    return;
  }
  // Resolving still happens for an image the store has (docker pull checks for a newer one).
  const all = pullSteps(info, { bandwidthBytesPerSecond: BANDWIDTH });
  const resolve = all.filter((s) => s.op === 'HEAD' || (s.op === 'GET' && String(s.attrs.url ?? '').includes('/manifests/')) || String(s.attrs.what ?? '') === 'bearer token');
  const blobs = present ? [] : all.filter((s) => s.op === 'GET' && String(s.attrs.url ?? '').includes('/blobs/'));
  const steps: PlannedStep[] = [...resolve, ...blobs].map((s) => ({ op: s.op, dur: s.dur, attrs: s.attrs }));
  playSteps(sim, actor, steps, cause, undefined, (fetched) => {
    if (present) return done({ ok: true, stream: progress(true) }, fetched);
    call('containerd.services.diff.v1.Diff/Apply', { namespace: 'moby', image: info.normalized }, fetched, (_r, unpacked) => {
      call('containerd.services.images.v1.Images/Create', { namespace: 'moby', image: { name: info.normalized } }, unpacked, (_r2, created) => done({ ok: true, stream: progress(false) }, created));
    });
  });
}
