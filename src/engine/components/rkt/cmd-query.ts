import { execIn } from '../../../domain/pod/process.ts';
import { flagBool, flagValue } from '../../../domain/rkt/cli.ts';
import { goJsonIndent } from '../../../domain/rkt/go-json.ts';
import { imageNameWithVersion } from '../../../domain/rkt/images.ts';
import { listed, resolvable } from '../../../domain/rkt/lifecycle.ts';
import { catManifest } from '../../../domain/rkt/manifest.ts';
import { printAppList, printAppStatus, printList, printListJson, printStatus, type OutputFormat } from '../../../domain/rkt/print-pods.ts';
import { printImageList } from '../../../domain/rkt/print-images.ts';
import { resolveUUID } from '../../../domain/rkt/uuid.ts';
import type { PodState } from '../../../domain/rkt/lifecycle.ts';
import type { Invocation, Rkt } from './rkt.ts';
import type { RktPod } from './store.ts';
import { podView } from './views.ts';

/**
 * The commands that only read the pod and image directories: `rkt list`, `status`,
 * `cat-manifest`, `image list`, `image cat-manifest`, `app list`, `app status` (rkt/*.go of the
 * same names), and `rkt enter` (a command in an app's namespaces, what rktlet's ExecSync uses).
 * Walking the pods (pkg/pod WalkPods: sorted by UUID) takes a few milliseconds.
 */

const WALK_US = 3_000;

function format(inv: Invocation): OutputFormat | { error: string } {
  const f = flagValue(inv.cmd, 'format') ?? '';
  if (f === '' || f === 'json' || f === 'json-pretty') return f;
  return { error: `Error: invalid argument ${JSON.stringify(f)} for "--format" flag: Invalid format option: ${f}\n` };
}

function findPod(rkt: Rkt, inv: Invocation, arg: string | undefined, msg: string): RktPod | undefined {
  const dir = rkt.state.dataDir(inv.dataDir);
  const r = resolveUUID(arg ?? '', [...dir.pods.values()].filter((p) => resolvable(p.machine.state as PodState)).map((p) => p.uuid));
  if ('error' in r) {
    inv.out.printE(msg, r.error);
    return undefined;
  }
  return dir.pods.get(r.uuid);
}

export function queryCommand(rkt: Rkt, inv: Invocation, path: string): void {
  const f = format(inv);
  if (typeof f !== 'string') {
    inv.out.stderr += f.error;
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const dir = rkt.state.dataDir(inv.dataDir);
  const pods = [...dir.pods.values()].filter((p) => listed(p.machine.state as PodState)).sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  rkt.play(inv, [{ op: path.startsWith('image') ? 'read image store' : 'walk pods', dur: WALK_US, stage: 'stage0', attrs: { dir: path.startsWith('image') ? `${inv.dataDir}/cas` : `${inv.dataDir}/pods`, command: `rkt ${path}` } }], inv.cause, (seq) => {
    const code = answer(rkt, inv, path, f, pods);
    rkt.finish(inv, code, seq);
  });
}

function answer(rkt: Rkt, inv: Invocation, path: string, f: OutputFormat, pods: RktPod[]): number {
  const out = inv.out;
  const now = rkt.unixNow();
  const dir = rkt.state.dataDir(inv.dataDir);
  switch (path) {
    case 'list':
      out.write(f === '' ? printList(pods.map((p) => podView(p, 'files')), { full: flagBool(inv.cmd, 'full'), noLegend: flagBool(inv.cmd, 'no-legend'), nowUs: now }) : printListJson(pods.map((p) => podView(p, 'by-mutability')), f));
      return 0;
    case 'image list': {
      const images = [...dir.images.values()].map((s) => ({ id: s.image.id, name: imageNameWithVersion(s.image), sizeBytes: s.image.sizeBytes, importedAt: s.importedAt, lastUsedAt: s.lastUsedAt }));
      out.write(printImageList(images, { full: flagBool(inv.cmd, 'full'), noLegend: flagBool(inv.cmd, 'no-legend'), format: f, nowUs: now }));
      return 0;
    }
    case 'image cat-manifest': {
      const id = inv.cmd.args[0] ?? '';
      const img = dir.findImageById(id) ?? [...dir.images.values()].find((s) => imageNameWithVersion(s.image) === id);
      if (!img) {
        out.printE('unable to retrieve image manifest', `cannot find image with name ${JSON.stringify(id)}`);
        return 254;
      }
      const i = img.image;
      const manifest = {
        acKind: 'ImageManifest',
        acVersion: '0.8.11',
        name: i.name,
        labels: [
          { name: 'version', value: i.version },
          { name: 'os', value: 'linux' },
          { name: 'arch', value: 'amd64' },
        ],
        app: i.app ? { exec: i.app.exec, user: i.app.user, group: i.app.group } : undefined,
        annotations: i.annotations.length > 0 ? i.annotations : undefined,
      };
      out.write(`${goJsonIndent(manifest)}\n`);
      return 0;
    }
    case 'status':
    case 'cat-manifest': {
      if (inv.cmd.args.length !== 1) {
        out.stderr += `Usage:\n  rkt ${path} ${path === 'status' ? '[--wait=bool|timeout] [--wait-ready=bool|timeout] UUID' : '--uuid-file=FILE | UUID ...'} [flags]\n`;
        return 254;
      }
      const pod = findPod(rkt, inv, inv.cmd.args[0], 'problem retrieving pod');
      if (!pod) return 254;
      if (path === 'cat-manifest') {
        if (!pod.manifest) return 254;
        out.write(catManifest(pod.manifest, flagValue(inv.cmd, 'pretty-print') !== 'false'));
        return 0;
      }
      out.write(printStatus(podView(pod, 'by-mutability'), f));
      return 0;
    }
    case 'app list':
    case 'app status': {
      if (inv.cmd.args.length !== 1 || (path === 'app status' && !flagValue(inv.cmd, 'app'))) {
        out.stderr += path === 'app list' ? 'Usage:\n  rkt app list UUID [flags]\n' : 'Usage:\n  rkt app status UUID --app=APP_NAME [--format=json] [flags]\n';
        return 1;
      }
      const pod = findPod(rkt, inv, inv.cmd.args[0], path === 'app list' ? 'error listing apps' : 'error getting app status');
      if (!pod) return 1;
      const apps = podView(pod, 'files').apps ?? [];
      if (path === 'app list') {
        out.write(printAppList(apps, flagBool(inv.cmd, 'no-legend')));
        return 0;
      }
      const name = flagValue(inv.cmd, 'app') ?? '';
      const app = apps.find((a) => a.name === name);
      if (!app) {
        out.err(`cannot find app ${JSON.stringify(name)} in the pod`);
        return 1;
      }
      out.write(printAppStatus(app, f));
      return 0;
    }
    default:
      return 254;
  }
}

/**
 * `rkt enter [--app=NAME] UUID CMD…` (rkt/enter.go): the stage1 enter entrypoint joins the app's
 * namespaces and runs the command there; its output and exit status are the command's. The
 * command's behaviour comes from the app's process model (domain/pod/process.ts execIn).
 */
export function enterCommand(rkt: Rkt, inv: Invocation): void {
  const pod = findPod(rkt, inv, inv.cmd.args[0], 'problem retrieving pod');
  if (!pod) {
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  if (pod.machine.state !== 'running') {
    inv.out.err(`pod ${JSON.stringify(pod.uuid)} isn't currently running`);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const name = flagValue(inv.cmd, 'app') ?? (pod.apps.size === 1 ? [...pod.apps.keys()][0] : undefined);
  const app = name === undefined ? undefined : pod.apps.get(name);
  if (!app || !app.plan || app.startedAt === undefined || app.exitCode !== undefined) {
    inv.out.err(name === undefined ? 'pod contains multiple apps:' : `app ${JSON.stringify(name)} is not running`);
    rkt.finish(inv, 254, inv.cause);
    return;
  }
  const argv = inv.cmd.args.slice(1);
  const result = execIn(app.plan, argv, rkt.unixNow() - app.startedAt);
  rkt.play(inv, [{ op: 'execve', dur: 3_000, stage: 'stage1', attrs: { filename: `${pod.stage1.annotations.find((a) => a.name === 'coreos.com/rkt/stage1/enter')?.value ?? '/enter'}`, argv: [`--pid=${pod.pid1 ?? 0}`, `--appname=${app.name}`, '--', ...argv] } }], inv.cause, (s) => {
    if ('error' in result) {
      inv.out.raw(`enter: ${result.error}`);
      rkt.finish(inv, 254, s);
      return;
    }
    if ('timedOut' in result) {
      rkt.finish(inv, 124, s);
      return;
    }
    inv.out.write(result.stdout);
    inv.out.stderr += result.stderr;
    rkt.finish(inv, result.exitCode, s);
  }, pod);
}
