import { parseDuration } from '../../../base/time.ts';
import { goDuration } from '../../../domain/k8s/duration.ts';
import { flagBool, flagValue } from '../../../domain/rkt/cli.ts';
import { checkRm, checkStop, podPath, type PodState } from '../../../domain/rkt/lifecycle.ts';
import { gcSteps, stopSteps } from '../../../domain/rkt/stage1-plan.ts';
import type { RktStep } from '../../../domain/rkt/steps.ts';
import { resolveUUID } from '../../../domain/rkt/uuid.ts';
import { appExited, podExits, sigtermExit } from './cmd-run.ts';
import type { Invocation, Rkt } from './rkt.ts';
import type { DataDir, RktPod } from './store.ts';

/**
 * `rkt stop`, `rkt rm` and `rkt gc` (rkt/stop.go, rm.go, gc.go; stage0/stop.go, stage0/gc.go;
 * Documentation/devel/pod-lifecycle.md). stop runs the stage1 stop entrypoint and returns; the
 * pod goes down by itself. rm and gc move exited pods to exited-garbage and delete them, first
 * running the stage1 gc entrypoint, which tears the pod's network down.
 */

function uuids(inv: Invocation, dir: DataDir): string[] {
  const file = flagValue(inv.cmd, 'uuid-file');
  if (file && inv.cmd.args.length === 0) {
    // The file rkt run/app sandbox --uuid-file-save wrote holds the full UUID.
    const pod = [...dir.pods.values()].find((p) => p.uuidFile === file);
    return pod ? [pod.uuid] : [];
  }
  return inv.cmd.args;
}

function resolvable(dir: DataDir): string[] {
  return [...dir.pods.values()].filter((p) => ['preparing', 'aborted prepare', 'prepared', 'running', 'exited', 'exited garbage', 'exited deleting'].includes(p.machine.state)).map((p) => p.uuid);
}

export function stopCommand(rkt: Rkt, inv: Invocation): void {
  const dir = rkt.state.dataDir(inv.dataDir);
  const list = uuids(inv, dir);
  if (list.length === 0) {
    inv.out.stderr += 'Usage:\n  rkt stop --uuid-file=FILE | UUID ... [flags]\n';
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const force = flagBool(inv.cmd, 'force');
  let errors = 0;
  const next = (i: number, cause: number): void => {
    const arg = list[i];
    if (arg === undefined) {
      if (errors > 0) {
        inv.out.err(`failed to stop ${errors} pod(s)`);
        rkt.finish(inv, 254, cause);
      } else rkt.finish(inv, 0, cause);
      return;
    }
    const r = resolveUUID(arg, resolvable(dir));
    if ('error' in r) {
      errors++;
      inv.out.printE('cannot get pod', r.error);
      next(i + 1, cause);
      return;
    }
    const pod = dir.pods.get(r.uuid) as RktPod;
    const v = checkStop(pod.machine.state as PodState, pod.uuid);
    if (v.stdout || !v.ok) {
      if (v.stdout) inv.out.print(v.stdout);
      if (v.stderr) {
        errors++;
        inv.out.err(v.stderr);
      }
      next(i + 1, cause);
      return;
    }
    rkt.play(inv, [{ op: 'execve', dur: 1_500, stage: 'stage1', attrs: { filename: `${podPath(pod.dataDir, 'running', pod.uuid)}/stage1/rootfs${pod.stage1.annotations.find((a) => a.name === 'coreos.com/rkt/stage1/stop')?.value ?? '/stop'}`, argv: [`--force=${force}`, pod.uuid] } }, ...stopSteps(pod.flavour, force).slice(0, 1)], cause, (s) => {
      inv.out.print(JSON.stringify(pod.uuid));
      haltPod(rkt, inv, pod, force, s);
      next(i + 1, s);
    }, pod);
  };
  next(0, inv.cause);
}

/** After the stop entrypoint: systemd stops the apps (SIGTERM) and the pod exits; SIGKILL takes it down at once. */
function haltPod(rkt: Rkt, inv: Invocation, pod: RktPod, force: boolean, cause: number): void {
  const rest: RktStep[] = stopSteps(pod.flavour, force).slice(1);
  rkt.play({ proc: { pid: pod.pid ?? 0, ppid: 0, comm: 'rkt', argv: [] }, ...(inv.ref ? { ref: inv.ref } : {}) }, rest, cause, (s) => {
    if (pod.machine.state !== 'running') return;
    // The apps stop with the pod (their status files written); the pod's own end decides rkt run's status.
    for (const app of pod.apps.values()) if (app.machine.state === 'running' && !force) appExited(rkt, pod, app, sigtermExit(app), s, false);
    podExits(rkt, pod, force ? 137 : 0, s);
  }, pod);
}

/** deletePod (rkt/gc.go): stage1 gc (the network), unmount what is left, remove the pod directory. */
function deletePod(rkt: Rkt, inv: Invocation, pod: RktPod, cause: number, then: (seq: number) => void): void {
  const dirPath = podPath(pod.dataDir, 'exited garbage', pod.uuid);
  const steps: RktStep[] = [
    { op: 'flock', dur: 50, stage: 'stage0', attrs: { path: dirPath, operation: 'LOCK_EX' } },
    ...gcSteps(pod.flavour, pod.uuid, pod.net ? { netns: pod.net.netns ?? '', ip: pod.net.ip } : undefined),
    { op: 'umount2', dur: 800, stage: 'stage0', attrs: { targets: [`${dirPath}/stage1/rootfs`, ...[...pod.apps.keys()].map((a) => `${dirPath}/stage1/rootfs/opt/stage2/${a}/rootfs`)], why: 'MountGC' } },
    { op: 'rmdir', dur: 2_000, stage: 'stage0', attrs: { path: dirPath, recursive: true } },
  ];
  pod.machine.send({ type: 'DELETE_START' }, cause);
  rkt.play(inv, steps, pod.machine.stateSeq, (s) => {
    if (pod.net) rkt.state.allocatedIPs.delete(pod.net.ip);
    delete pod.net;
    pod.machine.send({ type: 'DELETED' }, s);
    rkt.state.dataDir(pod.dataDir).pods.delete(pod.uuid);
    rkt.notifyChange(pod.machine.stateSeq);
    then(pod.machine.stateSeq);
  }, pod);
}

function toExitedGarbage(rkt: Rkt, pod: RktPod, cause: number): number {
  pod.machine.send({ type: 'TO_EXITED_GARBAGE' }, cause);
  pod.gcMarkedAt = rkt.unixNow();
  return pod.machine.stateSeq;
}

export function rmCommand(rkt: Rkt, inv: Invocation): void {
  const dir = rkt.state.dataDir(inv.dataDir);
  const list = uuids(inv, dir);
  if (list.length === 0) {
    inv.out.stderr += 'Usage:\n  rkt rm --uuid-file=FILE | UUID ... [flags]\n';
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  let failed = false;
  const next = (i: number, cause: number): void => {
    const arg = list[i];
    if (arg === undefined) {
      if (failed) inv.out.err('failed to remove one or more pods');
      rkt.finish(inv, failed ? 254 : 0, cause);
      return;
    }
    const r = resolveUUID(arg, resolvable(dir));
    if ('error' in r) {
      failed = true;
      inv.out.printE('cannot get pod', r.error);
      next(i + 1, cause);
      return;
    }
    const pod = dir.pods.get(r.uuid) as RktPod;
    const v = checkRm(pod.machine.state as PodState, pod.uuid);
    if (v.stderr) inv.out.err(v.stderr);
    if (!v.ok) {
      failed = true;
      next(i + 1, cause);
      return;
    }
    const from = pod.machine.state as PodState;
    let c = cause;
    const moves = from === 'exited' || from === 'prepared' || from === 'aborted prepare';
    if (from === 'exited') c = toExitedGarbage(rkt, pod, c);
    else if (from === 'prepared' || from === 'aborted prepare') {
      pod.machine.send({ type: 'TO_GARBAGE' }, c);
      c = pod.machine.stateSeq;
    }
    const rename: RktStep[] = moves ? [{ op: 'rename', dur: 200, stage: 'stage0', attrs: { oldpath: podPath(pod.dataDir, from, pod.uuid), newpath: podPath(pod.dataDir, pod.machine.state as PodState, pod.uuid) } }] : [];
    rkt.play(inv, rename, c, (s) =>
      deletePod(rkt, inv, pod, s, (s2) => {
        inv.out.print(JSON.stringify(pod.uuid));
        next(i + 1, s2);
      }),
    );
  };
  next(0, inv.cause);
}

/**
 * `rkt gc [--grace-period=30m0s]`: every exited pod is moved to exited-garbage ("moving pod … to
 * garbage"), then the exited garbage older than the grace period is collected; the pods just
 * moved are within it, so a first gc collects nothing.
 */
export function gcCommand(rkt: Rkt, inv: Invocation): void {
  const dir = rkt.state.dataDir(inv.dataDir);
  const graceText = flagValue(inv.cmd, 'grace-period') ?? '30m';
  const grace = parseDuration(graceText);
  if (grace === undefined) {
    inv.out.stderr += `Error: invalid argument ${JSON.stringify(graceText)} for "--grace-period" flag: time: invalid duration ${JSON.stringify(graceText)}\n`;
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  let cause = inv.cause;
  for (const p of [...dir.pods.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : 1))) {
    if (p.machine.state !== 'exited') continue;
    inv.out.err(`moving pod ${JSON.stringify(p.uuid)} to garbage`);
    cause = toExitedGarbage(rkt, p, cause);
  }
  if (flagBool(inv.cmd, 'mark-only')) {
    rkt.finish(inv, 0, cause);
    return;
  }
  const garbage = [...dir.pods.values()].filter((p) => p.machine.state === 'exited garbage').sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  const next = (i: number, c: number): void => {
    const p = garbage[i];
    if (!p) {
      rkt.finish(inv, 0, c);
      return;
    }
    // gc.go: expiration = ctime + grace; the simulated clock can be exactly at it, which counts as expired.
    if ((p.gcMarkedAt ?? 0) + grace <= rkt.unixNow()) {
      inv.out.print(`Garbage collecting pod ${JSON.stringify(p.uuid)}`);
      deletePod(rkt, inv, p, c, (s) => next(i + 1, s));
      return;
    }
    inv.out.err(`pod ${JSON.stringify(p.uuid)} not removed: still within grace period (${goDuration(grace)})`);
    next(i + 1, c);
  };
  next(0, cause);
}
