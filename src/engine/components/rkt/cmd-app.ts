import { flagValue, kvFlags, parseApps, parseVolumeFlag } from '../../../domain/rkt/cli.ts';
import { ENTRYPOINT, entrypointOf } from '../../../domain/rkt/flavours.ts';
import { appNameOf } from '../../../domain/rkt/images.ts';
import { APP_ERROR_PREFIX, checkAppCommand, ERR_IMMUTABLE, podPath, type AppCommand, type PodState } from '../../../domain/rkt/lifecycle.ts';
import { runtimeApp, withApp, withoutApp, type Mount } from '../../../domain/rkt/manifest.ts';
import { resolveUUID } from '../../../domain/rkt/uuid.ts';
import { appAddSteps, appRmSteps, crossingEntrypointArgv } from '../../../domain/rkt/stage0-plan.ts';
import { appAddStage1Steps, appRmStage1Steps, appStopSteps } from '../../../domain/rkt/stage1-plan.ts';
import type { RktStep } from '../../../domain/rkt/steps.ts';
import { ensureImage } from './cmd-fetch.ts';
import { appExited, newApp, sigtermExit, startApp } from './cmd-run.ts';
import type { Invocation, Rkt } from './rkt.ts';
import type { RktPod } from './store.ts';

/**
 * `rkt app add|start|stop|rm` (rkt/app_*.go, stage0/app_*.go): the checks of the command (the
 * pod runs, its supervisor is ready), then stage0, which refuses an immutable pod — one made by
 * `rkt run` — with "immutable pod" (pkg/pod/sandbox.go SandboxManifest), and for a mutable one
 * changes the manifest and runs the stage1 app entrypoint through `enter`.
 */
export function appCommand(rkt: Rkt, inv: Invocation, cmd: AppCommand): void {
  const uuidArg = inv.cmd.args[0];
  if (uuidArg === undefined) {
    inv.out.err('must provide the pod UUID');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (cmd === 'add' && inv.cmd.args.length < 2) {
    inv.out.err('must provide the pod UUID and an IMAGEID');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const appFlag = flagValue(inv.cmd, 'app');
  if (cmd !== 'add' && !appFlag) {
    inv.out.err(cmd === 'start' ? 'must provide the app to start' : 'must provide the app to remove');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const dir = rkt.state.dataDir(inv.dataDir);
  const resolved = resolveUUID(uuidArg, [...dir.pods.values()].filter((p) => ['preparing', 'aborted prepare', 'prepared', 'running', 'exited', 'exited garbage'].includes(p.machine.state)).map((p) => p.uuid));
  if ('error' in resolved) {
    inv.out.printE('problem retrieving pod', resolved.error);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const pod = dir.pods.get(resolved.uuid) as RktPod;
  const verdict = checkAppCommand(cmd, pod.machine.state as PodState, pod.supervisorReady, pod.uuid);
  if (verdict.stdout) inv.out.print(verdict.stdout);
  if (!verdict.ok || verdict.stdout) {
    if (verdict.stderr) inv.out.err(verdict.stderr);
    rkt.finish(inv, verdict.ok ? 0 : 254, inv.cause);
    return;
  }
  const fail = (message: string, seq: number): void => {
    inv.out.printE(APP_ERROR_PREFIX[cmd], message);
    rkt.finish(inv, 254, seq);
  };
  if (cmd === 'add') {
    appAdd(rkt, inv, pod, fail);
    return;
  }
  const name = appFlag as string;
  // stage0 locks and reads the sandbox manifest first: an immutable pod stops here.
  rkt.play(inv, [{ op: 'read pod manifest', dur: 150, stage: 'stage0', attrs: { path: `${podPath(pod.dataDir, 'running', pod.uuid)}/pod`, 'coreos.com/rkt/stage1/mutable': String(pod.mutable) } }], inv.cause, (s) => {
    if (!pod.mutable) {
      fail(ERR_IMMUTABLE, s);
      return;
    }
    const app = pod.apps.get(name);
    if (!app || !pod.manifest?.apps.some((a) => a.name === name)) {
      fail(`error: nonexistent app ${JSON.stringify(name)}`, s);
      return;
    }
    const run = podPath(pod.dataDir, 'running', pod.uuid);
    const crossing = (entry: string, c: number, then: (seq: number) => void): void => {
      const path = entrypointOf(pod.stage1, entry) ?? '';
      rkt.play(inv, [{ op: 'execve', dur: 1_500, stage: 'stage1', attrs: { filename: `${run}/stage1/rootfs${path}`, argv: crossingEntrypointArgv(run, path, pod.uuid, name, false), env: { RKT_STAGE1_ENTERCMD: `${run}/stage1/rootfs${entrypointOf(pod.stage1, ENTRYPOINT.enter) ?? '/enter'}`, RKT_STAGE1_ENTERPID: String(pod.pid1 ?? 0) } } }], c, then, pod);
    };
    if (cmd === 'start') {
      crossing(ENTRYPOINT.appStart, s, (s2) => startApp(rkt, inv, pod, app, s2, (s3) => rkt.finish(inv, 0, s3)));
      return;
    }
    const stop = (c: number, then: (seq: number) => void): void => {
      crossing(ENTRYPOINT.appStop, c, (s2) =>
        rkt.play(inv, appStopSteps(name), s2, (s3) => {
          if (app.machine.state === 'running') appExited(rkt, pod, app, sigtermExit(app), s3);
          then(s3);
        }, pod),
      );
    };
    if (cmd === 'stop') {
      stop(s, (s2) => rkt.finish(inv, 0, s2));
      return;
    }
    stop(s, (s2) =>
      crossing(ENTRYPOINT.appRm, s2, (s3) =>
        rkt.play(inv, [...appRmStage1Steps(name), ...appRmSteps(pod.dataDir, pod.uuid, name)], s3, (s4) => {
          const next = pod.manifest ? withoutApp(pod.manifest, name) : { error: '' };
          if (!('error' in next)) pod.manifest = next;
          pod.apps.delete(name);
          app.machine.send({ type: 'REMOVE' }, s4);
          rkt.notifyChange(app.machine.stateSeq);
          rkt.finish(inv, 0, app.machine.stateSeq);
        }, pod),
      ),
    );
  }, pod);
}

/** stage0/app_add.go: the image from the store only (PullPolicyNever), then the mutable pod gets the app. */
function appAdd(rkt: Rkt, inv: Invocation, pod: RktPod, fail: (message: string, seq: number) => void): void {
  const parsed = parseApps(inv.cmd.args.slice(1));
  if ('error' in parsed) {
    inv.out.printE('error parsing app image arguments', parsed.error);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (parsed.length > 1) {
    inv.out.err('must give only one app');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const a = parsed[0];
  if (!a) return;
  ensureImage(rkt, inv, a.image, 'never', inv.cause, (found, seq) => {
    if ('error' in found) {
      inv.out.printE('error finding images', found.error);
      rkt.finish(inv, 254, seq);
      return;
    }
    const name = a.flags['name']?.[0] ?? appNameOf(found.image.name);
    rkt.play(inv, [{ op: 'read pod manifest', dur: 150, stage: 'stage0', attrs: { path: `${podPath(pod.dataDir, 'running', pod.uuid)}/pod`, 'coreos.com/rkt/stage1/mutable': String(pod.mutable) } }], seq, (s) => {
      if (!pod.mutable || !pod.manifest) {
        fail(ERR_IMMUTABLE, s);
        return;
      }
      const mounts: Mount[] = (a.flags['mnt-volume'] ?? []).map((v) => {
        const m = parseVolumeFlag(v, true);
        return { volume: m.name, path: m.target ?? '', appVolume: { name: m.name, kind: m.kind === 'empty' ? 'empty' : 'host', ...(m.source !== undefined ? { source: m.source } : {}), readOnly: m.readOnly ?? false } };
      });
      const env = kvFlags(a.flags['environment']);
      const ra = runtimeApp({
        image: found.image,
        name,
        ...(a.flags['exec']?.[0] ? { exec: a.flags['exec'][0] } : {}),
        ...(a.args ? { args: a.args } : {}),
        ...(Object.keys(env).length > 0 ? { environment: Object.entries(env).map(([k, value]) => ({ name: k, value })) } : {}),
        ...(a.flags['working-dir']?.[0] ? { workingDirectory: a.flags['working-dir'][0] } : {}),
        userAnnotations: kvFlags(a.flags['user-annotation']),
        userLabels: kvFlags(a.flags['user-label']),
        mounts,
      });
      const next = withApp(pod.manifest, ra);
      if ('error' in next) {
        fail(next.error, s);
        return;
      }
      if (found.image.app === undefined && !a.flags['exec']) {
        fail(`error: image ${found.image.id} has no app section and --exec argument is not provided`, s);
        return;
      }
      found.lastUsedAt = rkt.unixNow();
      const run = podPath(pod.dataDir, 'running', pod.uuid);
      const addPath = entrypointOf(pod.stage1, ENTRYPOINT.appAdd) ?? '/app-add';
      const steps: RktStep[] = [
        ...appAddSteps(pod.dataDir, pod.uuid, name, found.image.id, `${found.image.name}:${found.image.version}`),
        { op: 'execve', dur: 1_500, stage: 'stage1', attrs: { filename: `${run}/stage1/rootfs${addPath}`, argv: crossingEntrypointArgv(run, addPath, pod.uuid, name, true) } },
        ...appAddStage1Steps(name),
      ];
      rkt.play(inv, steps, s, (s2) => {
        pod.manifest = next;
        const app = newApp(rkt, pod, name, found.image, ra.app.exec, s2);
        app.createdAt = rkt.unixNow();
        pod.apps.set(name, app);
        rkt.notifyChange(app.machine.stateSeq);
        rkt.finish(inv, 0, app.machine.stateSeq);
      }, pod);
    }, pod);
  });
}
