import { planProcess, signalOutcome } from '../../../domain/pod/process.ts';
import { flagValue, kvFlags, parseApps, parseVolumeFlag } from '../../../domain/rkt/cli.ts';
import { ISOLATION, supportsMutable, STAGE1_IMAGES } from '../../../domain/rkt/flavours.ts';
import { appNameOf, type AciImage } from '../../../domain/rkt/images.ts';
import { podPath } from '../../../domain/rkt/lifecycle.ts';
import { generatePodManifest, type AppRequest, type Volume } from '../../../domain/rkt/manifest.ts';
import { allocateDefaultIP, defaultNetInfo, kvmTapName, lowestFreeNsid, newNetnsName } from '../../../domain/rkt/network.ts';
import { newPodUUID } from '../../../domain/rkt/uuid.ts';
import { appStartSteps, bootSteps } from '../../../domain/rkt/stage1-plan.ts';
import { prepareAndRunSteps } from '../../../domain/rkt/stage0-plan.ts';
import { hostVethName } from '../../../domain/cni/bridge.ts';
import { ensureImage, ensureStage1 } from './cmd-fetch.ts';
import { rktAppMachine, rktPodMachine } from './pod.machine.ts';
import type { Invocation, Rkt } from './rkt.ts';
import type { RktApp, RktPod, StoredAci } from './store.ts';

/**
 * `rkt run IMAGE…` and `rkt app sandbox` (rkt/run.go, rkt/app_sandbox.go, stage0/run.go): find
 * or fetch the stage1 and the apps' images, make the pod (embryo → preparing → running), write
 * its manifest (mutable for the sandbox), exec stage1, which builds the isolation of its
 * flavour and starts the apps. The process stays the pod's until the pod exits; a terminal gets
 * its prompt back once the pod is up, systemd (rktlet's systemd-run) gets READY=1.
 */
export function runCommand(rkt: Rkt, inv: Invocation, sandbox: boolean): void {
  const apps = sandbox ? [] : parseApps(inv.cmd.args);
  if ('error' in apps) {
    inv.out.printE('error parsing app image arguments', apps.error);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (!sandbox && apps.length < 1) {
    inv.out.err('must provide at least one image or specify the pod manifest');
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const exit = sandbox ? 1 : 254;
  ensureStage1(rkt, inv, inv.cause, (s1, seq) => {
    if ('error' in s1) {
      inv.out.err(s1.error);
      rkt.finish(inv, exit, seq);
      return;
    }
    const found: StoredAci[] = [];
    const nextImage = (i: number, cause: number): void => {
      const a = apps[i];
      if (!a) {
        createPod(rkt, inv, sandbox, s1.flavour, s1.stored, found, cause);
        return;
      }
      ensureImage(rkt, inv, a.image, (flagValue(inv.cmd, 'pull-policy') ?? 'new') as 'new', cause, (r, s) => {
        if ('error' in r) {
          inv.out.err(r.error);
          rkt.finish(inv, exit, s);
          return;
        }
        r.lastUsedAt = rkt.unixNow();
        found.push(r);
        nextImage(i + 1, s);
      });
    };
    nextImage(0, seq);
  });
}

function appRequests(inv: Invocation, images: StoredAci[]): AppRequest[] {
  const apps = parseApps(inv.cmd.args);
  if ('error' in apps) return [];
  return apps.map((a, i) => {
    const img = (images[i] as StoredAci).image;
    const req: AppRequest = { image: img, name: a.flags['name']?.[0] ?? appNameOf(img.name) };
    if (a.flags['exec']?.[0]) req.exec = a.flags['exec'][0];
    if (a.args) req.args = a.args;
    const env = kvFlags(a.flags['environment']);
    if (Object.keys(env).length > 0) req.environment = Object.entries(env).map(([name, value]) => ({ name, value }));
    return req;
  });
}

function createPod(rkt: Rkt, inv: Invocation, sandbox: boolean, flavour: RktPod['flavour'], stage1: StoredAci, images: StoredAci[], cause: number): void {
  const uuid = newPodUUID(rkt.rng);
  const dir = rkt.state.dataDir(inv.dataDir);
  const machine = rkt.sim.startMachine(rktPodMachine, { actor: rkt.id, machine: 'rkt-pod', instance: uuid, ...(inv.ref ? { ref: inv.ref } : {}) }, { cause });
  const requests = sandbox ? [] : appRequests(inv, images);
  const volumes: Volume[] = (inv.cmd.flags['volume'] ?? []).map((v) => {
    const p = parseVolumeFlag(v, false);
    return { name: p.name, kind: p.kind === 'empty' ? 'empty' : 'host', ...(p.source !== undefined ? { source: p.source } : {}), ...(p.readOnly !== undefined ? { readOnly: p.readOnly } : {}) };
  });
  const manifest = generatePodManifest({ apps: requests, volumes, mutable: sandbox, userAnnotations: kvFlags(inv.cmd.flags['user-annotation']), userLabels: kvFlags(inv.cmd.flags['user-label']) });
  const pod: RktPod = {
    uuid,
    dataDir: inv.dataDir,
    stage1: STAGE1_IMAGES[flavour],
    flavour,
    machine,
    manifest,
    mutable: sandbox,
    apps: new Map(),
    pid: inv.proc.pid,
    supervisorReady: false,
    nets: [],
    hostname: flagValue(inv.cmd, 'hostname') ?? `rkt-${uuid}`,
    onExit: [],
    ...(inv.ref ? { ref: inv.ref } : {}),
    ...(inv.msg.payload.unit ? { unit: inv.msg.payload.unit } : {}),
  };
  inv.proc.pod = uuid;
  for (const r of requests) pod.apps.set(r.name, newApp(rkt, pod, r.name, r.image, manifest.apps.find((a) => a.name === r.name)?.app.exec ?? [], cause));
  dir.pods.set(uuid, pod);
  // The rkt process is the pod's until the pod exits (run.go: stage0.Run execs, never returns).
  pod.onExit.push((code, s) => rkt.finish(inv, code, s));
  machine.send({ type: 'TO_PREPARING' }, cause);
  const uuidFile = flagValue(inv.cmd, 'uuid-file-save');
  if (uuidFile) pod.uuidFile = uuidFile;
  const net = flagValue(inv.cmd, 'net') ?? 'default';
  const stage1Args = [`--net=${net}`, ...(flagValue(inv.cmd, 'hostname') ? [`--hostname=${flagValue(inv.cmd, 'hostname') ?? ''}`] : [])];
  const steps = prepareAndRunSteps({
    dataDir: inv.dataDir,
    uuid,
    stage1: pod.stage1,
    stage1Id: stage1.image.id,
    apps: requests.map((r) => ({ name: r.name, imageId: r.image.id, imageName: `${r.image.name}:${r.image.version}` })),
    mutable: sandbox,
    stage1Args,
  });
  if (uuidFile) steps.splice(3, 0, { op: 'write', dur: 150, stage: 'stage0', attrs: { path: uuidFile, content: uuid, why: '--uuid-file-save' } });
  // Prepare is everything up to the rename into run/; the rest is Run.
  const toRun = steps.findIndex((s) => s.op === 'rename' && s.attrs?.state === 'running');
  rkt.play(inv, steps.slice(0, toRun), machine.stateSeq, (s1) => {
    pod.createdAt = rkt.unixNow();
    rkt.play(inv, steps.slice(toRun, toRun + 1), s1, (s2) => {
      machine.send({ type: 'TO_RUN' }, s2);
      rkt.notifyChange(machine.stateSeq);
      if (sandbox && !supportsMutable(pod.stage1)) {
        // stage0/run.go Run: log.Fatalln before exec; the pod is left behind, exited.
        inv.out.raw('stage0: stage1 does not support mutable pods');
        podExits(rkt, pod, 1, machine.stateSeq);
        return;
      }
      rkt.play(inv, steps.slice(toRun + 1), machine.stateSeq, (s3) => stage1Boot(rkt, inv, pod, net, s3), pod);
    }, pod);
  }, pod);
}

function stage1Boot(rkt: Rkt, inv: Invocation, pod: RktPod, net: string, cause: number): void {
  inv.proc.stage = 'stage1';
  const fly = pod.flavour === 'fly';
  const apps = [...pod.apps.values()];
  if (fly && apps.length !== 1) {
    // stage1_fly/run/main.go: the sanity check, then exit 254 (the pod is left exited).
    rkt.play(inv, [{ op: 'load pod', dur: 500, stage: 'stage1', attrs: { entrypoint: '/run', apps: apps.length } }], cause, (s) => {
      inv.out.raw('run: flavor "fly" only supports 1 application per Pod for now');
      podExits(rkt, pod, 254, s);
    }, pod);
    return;
  }
  const missing = fly ? (apps[0]?.image.app?.mountPoints ?? []).find((m) => !(pod.manifest?.volumes ?? []).some((v) => v.name === m.name)) : undefined;
  if (missing) {
    // evaluateMounts: fly creates no implicit volumes for an image's mount points.
    rkt.play(inv, [{ op: 'evaluate mounts', dur: 500, stage: 'stage1', attrs: { mountPoint: missing.name } }], cause, (s) => {
      inv.out.raw(`run: can't evaluate mounts: missing volume for mountpoint ${JSON.stringify(missing.name)}`);
      podExits(rkt, pod, 254, s);
    }, pod);
    return;
  }
  if (!fly && net !== 'host' && net !== 'none') {
    const ip = allocateDefaultIP(rkt.state.allocatedIPs);
    rkt.state.allocatedIPs.add(ip);
    if (pod.flavour === 'coreos') {
      pod.net = { netns: newNetnsName(rkt.rng), ip, hostVeth: hostVethName(pod.uuid), nsid: lowestFreeNsid(rkt.state.usedNsids()) };
      pod.nets = [defaultNetInfo(ip, 'eth0')];
    } else {
      const tap = kvmTapName(pod.uuid);
      pod.net = { ip, hostVeth: tap, tap };
      pod.nets = [defaultNetInfo(ip, tap)];
    }
  }
  const podDir = podPath(pod.dataDir, 'running', pod.uuid);
  const steps = bootSteps({ flavour: pod.flavour, uuid: pod.uuid, podDir, apps: apps.map((a) => ({ name: a.name, exec: a.exec })), mutable: pod.mutable, hostname: pod.hostname, ...(pod.net?.netns ? { net: { netns: pod.net.netns, ip: pod.net.ip, hostVeth: pod.net.hostVeth } } : pod.net ? { net: { netns: '', ip: pod.net.ip, hostVeth: pod.net.hostVeth } } : {}) });
  // The pid (or ppid) file's mtime is the pod's start time (pods.go StartTime).
  const pidAt = steps.findIndex((s) => s.op === 'write pid' || s.op === 'write ppid');
  const before = steps.slice(0, pidAt + 1);
  rkt.play(inv, before, cause, (s1) => {
    pod.startedAt = rkt.unixNow();
    if (fly) {
      flyExec(rkt, inv, pod, steps.slice(pidAt + 1), s1);
      return;
    }
    rkt.play(inv, steps.slice(pidAt + 1), s1, (s2) => {
      const init = rkt.state.spawn({ ppid: inv.proc.pid, comm: pod.flavour === 'kvm' ? 'lkvm' : 'systemd', argv: pod.flavour === 'kvm' ? ['lkvm', 'run'] : ['/usr/lib/systemd/systemd'], pod: pod.uuid, stage: 'stage1' });
      pod.pid1 = init.pid;
      pod.supervisorReady = true;
      rkt.notifyChange(s2);
      startApps(rkt, inv, pod, apps, s2, (s3) => {
        rkt.ready(inv, pod.uuid, s3);
        if (!pod.mutable && apps.length > 0 && apps.every((a) => a.exitCode !== undefined)) podExits(rkt, pod, lastExitCode(pod), s3);
      });
    }, pod);
  }, pod);
}

/** fly: the rkt process itself becomes the app (execve in place). */
function flyExec(rkt: Rkt, inv: Invocation, pod: RktPod, steps: Parameters<Rkt['play']>[1], cause: number): void {
  const app = [...pod.apps.values()][0] as RktApp;
  rkt.play(inv, steps, cause, (s) => {
    inv.proc.stage = 'stage2';
    inv.proc.comm = app.exec[0]?.split('/').pop() ?? app.name;
    app.pid = inv.proc.pid;
    pod.pid1 = inv.proc.pid;
    markStarted(rkt, pod, app, s);
    rkt.ready(inv, pod.uuid, s);
  }, pod);
}

function startApps(rkt: Rkt, inv: Invocation, pod: RktPod, apps: RktApp[], cause: number, then: (seq: number) => void): void {
  const next = (i: number, c: number): void => {
    const app = apps[i];
    if (!app) {
      then(c);
      return;
    }
    startApp(rkt, inv, pod, app, c, (s) => next(i + 1, s));
  };
  next(0, cause);
}

/** An app's record and its state machine (instance `<pod uuid>/<app>`). */
export function newApp(rkt: Rkt, pod: RktPod, name: string, image: AciImage, exec: string[], cause: number): RktApp {
  const machine = rkt.sim.startMachine(rktAppMachine, { actor: rkt.id, machine: 'rkt-app', instance: `${pod.uuid}/${name}`, ...(pod.ref ? { ref: pod.ref } : {}) }, { cause });
  return { name, image, exec, machine };
}

/** systemd in the pod starts the app's unit: prepare-app, chroot, execve (stage2). */
export function startApp(rkt: Rkt, inv: Pick<Invocation, 'proc' | 'ref'>, pod: RktPod, app: RktApp, cause: number, then: (seq: number) => void): void {
  rkt.play(inv, appStartSteps(pod.flavour, app.name, app.exec), cause, (s) => {
    const proc = rkt.state.spawn({ ppid: pod.pid1 ?? inv.proc.pid, comm: app.exec[0]?.split('/').pop() ?? app.name, argv: app.exec, pod: pod.uuid, stage: 'stage2' });
    app.pid = proc.pid;
    markStarted(rkt, pod, app, s);
    then(s);
  }, pod);
}

/** The app process runs: its plan (domain/pod/process.ts) says whether and when it exits by itself. */
function markStarted(rkt: Rkt, pod: RktPod, app: RktApp, cause: number): void {
  app.startedAt = rkt.unixNow();
  delete app.finishedAt;
  delete app.exitCode;
  app.plan = planProcess({ image: dockerRefOf(app.image), args: app.exec });
  app.machine.send({ type: 'START' }, cause);
  const seq = rkt.sim.recorder.record({ kind: 'span', actor: rkt.id, op: 'app process', dur: 0, cause: app.machine.stateSeq, ...(pod.ref ? { ref: pod.ref } : {}), attrs: { pod: pod.uuid, app: app.name, pid: app.pid, isolation: ISOLATION[pod.flavour], stage: 'stage2' } });
  rkt.notifyChange(seq);
  const exitAfter = app.plan.startError ? 0 : app.plan.exit?.after;
  if (exitAfter !== undefined) {
    const code = app.plan.startError ? 254 : (app.plan.exit?.code ?? 0);
    app.exitTimer = rkt.sim.after(exitAfter, () => appExited(rkt, pod, app, code, seq), { background: app.plan.exit?.timed ?? false, label: `${pod.uuid} ${app.name} exits` });
  }
}

/** A docker:// app's plan comes from its image's programs; appc images have none in the catalog. */
function dockerRefOf(img: AciImage): string {
  const orig = img.annotations.find((a) => a.name === 'appc.io/docker/originalname')?.value;
  return orig ?? `${img.name}:${img.version}`;
}

/**
 * An app's process ended: stage1 writes its exit status (rkt/status/<app>). In a pod made by
 * `rkt run` the pod goes down when its last app has exited; a mutable pod keeps running.
 */
export function appExited(rkt: Rkt, pod: RktPod, app: RktApp, code: number, cause: number, podMayEnd = true): void {
  if (app.exitCode !== undefined || app.startedAt === undefined) return;
  if (app.exitTimer) rkt.sim.cancel(app.exitTimer);
  delete app.exitTimer;
  app.exitCode = code;
  app.finishedAt = rkt.unixNow();
  rkt.state.reap(app.pid);
  app.machine.send({ type: 'EXIT' }, cause);
  const seq = rkt.sim.recorder.record({ kind: 'span', actor: rkt.id, op: 'write app status', dur: 0, cause: app.machine.stateSeq, ...(pod.ref ? { ref: pod.ref } : {}), attrs: { pod: pod.uuid, app: app.name, exitStatus: code, path: `stage1/rootfs/rkt/status/${app.name}`, stage: 'stage1' } });
  rkt.notifyChange(seq);
  if (podMayEnd && (pod.flavour === 'fly' || (!pod.mutable && [...pod.apps.values()].every((a) => a.exitCode !== undefined)))) podExits(rkt, pod, code, seq);
}

/** What a stopped app exits with: its own handler's status, or 128 + 15 when SIGTERM's default action kills it. */
export function sigtermExit(app: RktApp): number {
  if (!app.plan) return 143;
  const o = signalOutcome(app.plan, 'SIGTERM');
  return o === 'ignored' ? 143 : o.exitStatus;
}

function lastExitCode(pod: RktPod): number {
  return [...pod.apps.values()].reduce((c, a) => (a.exitCode ? a.exitCode : c), 0);
}

/** The pod's process exits: the lock goes, the pod is `exited`; whoever waits on it is told. */
export function podExits(rkt: Rkt, pod: RktPod, code: number, cause: number): void {
  if (pod.machine.state !== 'running') return;
  for (const a of pod.apps.values()) {
    if (a.exitTimer) rkt.sim.cancel(a.exitTimer);
    rkt.state.reap(a.pid);
    // A hard-killed app leaves no status file; lib/app.go still reads it as exited.
    if (a.machine.state === 'running') a.machine.send({ type: 'EXIT' }, cause);
  }
  rkt.state.reap(pod.pid1);
  pod.supervisorReady = false;
  pod.machine.send({ type: 'EXITED' }, cause);
  rkt.notifyChange(pod.machine.stateSeq);
  const waiters = pod.onExit.splice(0);
  for (const w of waiters) w(code, pod.machine.stateSeq);
}
