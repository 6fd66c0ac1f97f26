import { imageNameWithVersion } from '../../../domain/rkt/images.ts';
import { immutableAppState, mutableAppState, type PodState } from '../../../domain/rkt/lifecycle.ts';
import type { AppView, PodView } from '../../../domain/rkt/pod-view.ts';
import type { RktApp, RktPod } from './store.ts';

/**
 * A pod as rkt's read-only commands see it on disk (pkg/pod, lib/app.go, lib/pod.go). Whether
 * the apps are read as in a mutable pod (their created/started/status files) or an immutable
 * one (the pod's own state) depends on the caller: `rkt app list|status` always read the
 * files (lib.AppsForPod), `rkt list --format=json` and `rkt status --format=json` pick by the
 * pod's mutability (NewPodFromInternalPod).
 */
export function podView(p: RktPod, appReading: 'files' | 'by-mutability'): PodView {
  const state = p.machine.state as PodState;
  const manifestAvailable = !['preparing', 'aborted prepare', 'deleting'].includes(state) && p.manifest !== undefined;
  const asFiles = appReading === 'files' || p.mutable;
  const view: PodView = { uuid: p.uuid, state, nets: state === 'running' ? p.nets : [], mutable: p.mutable };
  if (manifestAvailable && p.manifest) {
    view.apps = p.manifest.apps.map((ra) => {
      const app = p.apps.get(ra.name);
      return appView(p, ra.name, app, imageNameWithVersion({ name: ra.image.name, version: ra.image.labels.find((l) => l.name === 'version')?.value ?? '' }), ra.image.id, asFiles, ra.app.userAnnotations, ra.app.userLabels, ra.mounts);
    });
    if (p.manifest.userAnnotations) view.userAnnotations = p.manifest.userAnnotations;
    if (p.manifest.userLabels) view.userLabels = p.manifest.userLabels;
  }
  if (p.createdAt !== undefined && ['prepared', 'running', 'exited', 'exited garbage', 'exited deleting', 'deleting', 'garbage'].includes(state)) view.createdAt = p.createdAt;
  if (p.startedAt !== undefined) view.startedAt = p.startedAt;
  if (p.pid !== undefined) view.pid = p.pid;
  return view;
}

function appView(
  p: RktPod,
  name: string,
  app: RktApp | undefined,
  imageName: string,
  imageId: string,
  asFiles: boolean,
  userAnnotations: Record<string, string> | undefined,
  userLabels: Record<string, string> | undefined,
  mounts: { volume: string; path: string; appVolume?: { source?: string; readOnly?: boolean } }[] | undefined,
): AppView {
  const state = p.machine.state as PodState;
  const v: AppView = { name, imageName, imageId, state: 'unknown' };
  if (asFiles) {
    v.state = mutableAppState({ created: app?.createdAt !== undefined, started: app?.startedAt !== undefined, status: app?.exitCode !== undefined }, state);
    if (app?.createdAt !== undefined) v.createdAt = app.createdAt;
    if (app?.startedAt !== undefined && app.createdAt !== undefined) v.startedAt = app.startedAt;
    if (app?.finishedAt !== undefined && app.startedAt !== undefined) v.finishedAt = app.finishedAt;
    else if (v.state === 'exited' && p.gcMarkedAt !== undefined) v.finishedAt = p.gcMarkedAt;
    if (app?.exitCode !== undefined && app.startedAt !== undefined) v.exitCode = app.exitCode;
  } else {
    v.state = immutableAppState(state, app?.exitCode !== undefined);
    if (p.createdAt !== undefined) v.createdAt = p.createdAt;
    if (app?.exitCode !== undefined) v.exitCode = app.exitCode;
    if (p.startedAt !== undefined) v.startedAt = p.startedAt;
    if (p.gcMarkedAt !== undefined) v.finishedAt = p.gcMarkedAt;
  }
  if (userAnnotations) v.userAnnotations = userAnnotations;
  if (userLabels) v.userLabels = userLabels;
  if (mounts && mounts.length > 0) v.mounts = mounts.map((m) => ({ name: m.volume, containerPath: m.path, hostPath: m.appVolume?.source ?? '', readOnly: m.appVolume?.readOnly ?? false }));
  return v;
}
