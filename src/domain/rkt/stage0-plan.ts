import type { Stage1Image } from './flavours.ts';
import { podPath } from './lifecycle.ts';
import { DUR, type RktStep } from './steps.ts';

/**
 * What the rkt binary (stage0) does before it hands over to stage1, as `rkt run`, `rkt app
 * sandbox` and `rkt app add` do it (stage0/run.go Prepare and Run, stage0/app_add.go AddApp,
 * rkt/run.go, rkt/app_sandbox.go; pkg/pod/pods.go for the directory moves).
 */

export interface PrepareInput {
  dataDir: string;
  uuid: string;
  stage1: Stage1Image;
  stage1Id: string;
  apps: { name: string; imageId: string; imageName: string }[];
  mutable: boolean;
  /** What the command line gave stage1 (`--net`, `--hostname`, …), before `--mutable` and the UUID. */
  stage1Args: string[];
}

/** The tree store path of a rendered image (store/treestore: cas/tree/<id>). */
export function treePath(dataDir: string, imageId: string): string {
  return `${dataDir}/cas/tree/deps-${imageId}/rootfs`;
}

/**
 * NewPod → ToPreparing → prepareStage1Image/prepareAppImage → pod manifest → ToRun →
 * setupStage1Image/setupAppImage (overlay mounts) → execve of the stage1 run entrypoint with
 * RKT_LOCK_FD holding the pod's lock (rkt run skips the prepared state: its creator owns it).
 */
export function prepareAndRunSteps(p: PrepareInput): RktStep[] {
  const embryo = podPath(p.dataDir, 'embryo', p.uuid);
  const prepare = podPath(p.dataDir, 'preparing', p.uuid);
  const run = podPath(p.dataDir, 'running', p.uuid);
  const steps: RktStep[] = [
    { op: 'mkdir', dur: DUR.fileOp, stage: 'stage0', attrs: { path: embryo, state: 'embryo' } },
    { op: 'flock', dur: DUR.lock, stage: 'stage0', attrs: { path: embryo, operation: 'LOCK_EX' } },
    { op: 'rename', dur: DUR.rename, stage: 'stage0', attrs: { oldpath: embryo, newpath: prepare, state: 'preparing' } },
    { op: 'prepareStage1Image', dur: DUR.render, stage: 'stage0', attrs: { image: `${p.stage1.name}:${p.stage1.version}`, id: p.stage1Id, tree: treePath(p.dataDir, p.stage1Id), manifest: `${prepare}/stage1/manifest` } },
  ];
  for (const a of p.apps) {
    steps.push({ op: 'prepareAppImage', dur: DUR.render, stage: 'stage0', attrs: { app: a.name, image: a.imageName, id: a.imageId, tree: treePath(p.dataDir, a.imageId), appInfo: `${prepare}/appsinfo/${a.name}` } });
  }
  steps.push(
    { op: 'write pod manifest', dur: DUR.fileOp, stage: 'stage0', attrs: { path: `${prepare}/pod`, apps: p.apps.map((a) => a.name), 'coreos.com/rkt/stage1/mutable': String(p.mutable) } },
    { op: 'rename', dur: DUR.rename, stage: 'stage0', attrs: { oldpath: prepare, newpath: run, state: 'running' } },
    { op: 'mount', dur: DUR.overlayMount, stage: 'stage0', attrs: { source: 'overlay', target: `${run}/stage1/rootfs`, filesystemtype: 'overlay', data: overlayData(p.dataDir, run, p.stage1Id) } },
  );
  for (const a of p.apps) steps.push(appOverlayMount(p.dataDir, run, a.name, a.imageId));
  steps.push({ op: 'execve', dur: DUR.forkExec, stage: 'stage0', attrs: { filename: stage1EntrypointPath(run, p.stage1), argv: stage1RunArgv(run, p), env: { RKT_LOCK_FD: '5' } } });
  return steps;
}

function overlayData(dataDir: string, podDir: string, id: string): string {
  return `lowerdir=${treePath(dataDir, id)},upperdir=${podDir}/overlay/${id}/upper,workdir=${podDir}/overlay/${id}/work`;
}

function appOverlayMount(dataDir: string, podDir: string, app: string, id: string): RktStep {
  return { op: 'mount', dur: DUR.overlayMount, stage: 'stage0', attrs: { source: 'overlay', target: `${podDir}/stage1/rootfs/opt/stage2/${app}/rootfs`, filesystemtype: 'overlay', data: overlayData(dataDir, podDir, id) } };
}

/** The path of the stage1 `run` entrypoint, relative to the pod's stage1 rootfs. */
export function stage1EntrypointPath(podDir: string, s: Stage1Image): string {
  const ep = s.annotations.find((a) => a.name === 'coreos.com/rkt/stage1/run')?.value ?? '/init';
  return `${podDir}/stage1/rootfs${ep}`;
}

/** stage0/run.go Run: `<entrypoint> --net=… --local-config=/etc/rkt [--mutable] <uuid>`. */
export function stage1RunArgv(podDir: string, p: PrepareInput): string[] {
  return [stage1EntrypointPath(podDir, p.stage1), ...p.stage1Args, '--local-config=/etc/rkt', ...(p.mutable ? ['--mutable'] : []), p.uuid];
}

/**
 * stage0/app_add.go: the manifest is locked (pod.lck), the image rendered and mounted, the
 * env file written, the manifest updated, the app's `created` marker made, then the stage1
 * app/add entrypoint runs through `enter` (CrossingEntrypoint).
 */
export function appAddSteps(dataDir: string, uuid: string, app: string, imageId: string, imageName: string): RktStep[] {
  const run = podPath(dataDir, 'running', uuid);
  return [
    { op: 'flock', dur: DUR.lock, stage: 'stage0', attrs: { path: `${run}/pod.lck`, operation: 'LOCK_EX' } },
    { op: 'prepareAppImage', dur: DUR.render, stage: 'stage0', attrs: { app, image: imageName, id: imageId, tree: treePath(dataDir, imageId), appInfo: `${run}/appsinfo/${app}` } },
    appOverlayMount(dataDir, run, app, imageId),
    { op: 'write env file', dur: DUR.fileOp, stage: 'stage0', attrs: { path: `${run}/stage1/rootfs/rkt/env/${app}`, AC_APP_NAME: app } },
    { op: 'write pod manifest', dur: DUR.fileOp, stage: 'stage0', attrs: { path: `${run}/pod`, change: `add ${app}` } },
    { op: 'create', dur: DUR.fileOp, stage: 'stage0', attrs: { path: `${run}/appsinfo/${app}/created` } },
  ];
}

/** stage0/app_rm.go after the stage1 entrypoints: unmount, remove the app's directories, update the manifest. */
export function appRmSteps(dataDir: string, uuid: string, app: string): RktStep[] {
  const run = podPath(dataDir, 'running', uuid);
  return [
    { op: 'umount2', dur: DUR.overlayMount, stage: 'stage0', attrs: { target: `${run}/stage1/rootfs/opt/stage2/${app}/rootfs` } },
    { op: 'rmdir', dur: DUR.fileOp, stage: 'stage0', attrs: { paths: [`${run}/appsinfo/${app}`, `${run}/stage1/rootfs/opt/stage2/${app}`] } },
    { op: 'write pod manifest', dur: DUR.fileOp, stage: 'stage0', attrs: { path: `${run}/pod`, change: `remove ${app}` } },
  ];
}

/** The command line of a stage1 app entrypoint run through enter (stage0/common.go CrossingEntrypoint). */
export function crossingEntrypointArgv(podDir: string, entrypoint: string, uuid: string, app: string, add: boolean): string[] {
  return [`${podDir}/stage1/rootfs${entrypoint}`, '--debug=false', ...(add ? [`--uuid=${uuid}`] : []), `--app=${app}`];
}
