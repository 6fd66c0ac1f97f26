import { fmtNets, type NetInfo } from './network.ts';
import { goJsonIndent, goJsonMarshal, goMap, type GoJson } from './go-json.ts';
import { goTabwriter, goTimeLayout, goTimeString, humanizeTime } from './go-format.ts';
import type { AppView, PodView } from './pod-view.ts';

/**
 * The output of `rkt list`, `rkt status`, `rkt app list` and `rkt app status` (rkt/list.go,
 * status.go, app_list.go, app_status.go; JSON as api/v1 and lib/types.go define it). rkt's
 * stdout is a Go log.Logger: every Print ends with a newline.
 */

export type OutputFormat = '' | 'json' | 'json-pretty';

const nanos = (us: number): bigint => BigInt(us) * 1000n;

/** time.Time{} as humanize.Time prints it: the year-1 instant is "a long while ago". */
function human(us: number | undefined, nowUs: number): string {
  return us === undefined ? 'a long while ago' : humanizeTime(us, nowUs);
}

/** `rkt list`: one row per app; the UUID, state, times and networks only on a pod's first row. */
export function printList(pods: readonly PodView[], opts: { full?: boolean; noLegend?: boolean; nowUs: number }): string {
  let text = '';
  if (!opts.noLegend) text += opts.full ? 'UUID\tAPP\tIMAGE NAME\tIMAGE ID\tSTATE\tCREATED\tSTARTED\tNETWORKS\n' : 'UUID\tAPP\tIMAGE NAME\tSTATE\tCREATED\tSTARTED\tNETWORKS\n';
  for (const p of pods) {
    const created = opts.full ? (p.createdAt === undefined ? '0001-01-01 00:00:00 +0000 UTC' : goTimeLayout(nanos(p.createdAt))) : human(p.createdAt, opts.nowUs);
    const started = p.startedAt === undefined ? '' : opts.full ? goTimeLayout(nanos(p.startedAt)) : humanizeTime(p.startedAt, opts.nowUs);
    const first = { uuid: opts.full ? p.uuid : p.uuid.slice(0, 8), state: p.state, nets: fmtNets(p.nets), created, started };
    const apps = p.apps ?? [];
    const rows: string[][] = [];
    if (apps.length === 0) rows.push([first.uuid, '-', '-', ...(opts.full ? ['-'] : []), first.state, first.created, first.started, first.nets]);
    apps.forEach((a, i) => {
      const pod = i === 0 ? first : { uuid: '', state: '', nets: '', created: '', started: '' };
      rows.push([pod.uuid, a.name, a.imageName, ...(opts.full ? [a.imageId.slice(0, 19)] : []), pod.state, pod.created, pod.started, pod.nets]);
    });
    for (const r of rows) text += `${r.join('\t')}\n`;
  }
  return goTabwriter(text);
}

function netJson(n: NetInfo): GoJson {
  return { netName: n.netName, netConf: n.netConf, pluginPath: n.pluginPath, ifName: n.ifName, ip: n.ip, args: n.args, mask: n.mask };
}

/** lib/types.go App as JSON (times in ns since the epoch). */
export function appJson(a: AppView): GoJson {
  return {
    name: a.name,
    state: a.state,
    created_at: a.createdAt === undefined ? undefined : nanos(a.createdAt),
    started_at: a.startedAt === undefined ? undefined : nanos(a.startedAt),
    finished_at: a.finishedAt === undefined ? undefined : nanos(a.finishedAt),
    exit_code: a.exitCode,
    image_id: a.imageId,
    mounts: a.mounts && a.mounts.length > 0 ? a.mounts.map((m) => ({ name: m.name, container_path: m.containerPath, host_path: m.hostPath, read_only: m.readOnly })) : undefined,
    user_annotations: goMap(a.userAnnotations && Object.keys(a.userAnnotations).length > 0 ? a.userAnnotations : undefined),
    user_labels: goMap(a.userLabels && Object.keys(a.userLabels).length > 0 ? a.userLabels : undefined),
  };
}

/** api/v1 Pod as JSON (lib/pod.go NewPodFromInternalPod: started_at in seconds). */
export function podJson(p: PodView): GoJson {
  return {
    name: p.uuid,
    state: p.state,
    networks: p.nets.length > 0 ? p.nets.map(netJson) : undefined,
    app_names: p.apps && p.apps.length > 0 ? p.apps.map((a) => a.name) : undefined,
    apps: p.apps && p.apps.length > 0 ? p.apps.map(appJson) : undefined,
    started_at: p.startedAt === undefined ? undefined : Math.floor(p.startedAt / 1_000_000),
    user_annotations: goMap(p.userAnnotations && Object.keys(p.userAnnotations).length > 0 ? p.userAnnotations : undefined),
    user_labels: goMap(p.userLabels && Object.keys(p.userLabels).length > 0 ? p.userLabels : undefined),
  };
}

/** `rkt list --format=json|json-pretty`: null for no pods (json.Marshal of a nil slice). */
export function printListJson(pods: readonly PodView[], format: 'json' | 'json-pretty'): string {
  const v: GoJson = pods.length === 0 ? null : pods.map(podJson);
  return `${format === 'json' ? goJsonMarshal(v) : goJsonIndent(v)}\n`;
}

/**
 * `rkt status UUID` (status.go printStatus): state, created, started (once started), networks
 * (while running), pid and exited (once it ran), and each app's exit code after it ran.
 */
export function printStatus(p: PodView, format: OutputFormat = ''): string {
  if (format === 'json') return `${goJsonMarshal(podJson(p))}\n`;
  if (format === 'json-pretty') return `${goJsonIndent(podJson(p))}\n`;
  const lines = [`state=${p.state}`, `created=${p.createdAt === undefined ? '0001-01-01 00:00:00 +0000 UTC' : goTimeLayout(nanos(p.createdAt))}`];
  if (p.startedAt !== undefined) lines.push(`started=${goTimeLayout(nanos(p.startedAt))}`);
  if (p.state === 'running') lines.push(`networks=${fmtNets(p.nets)}`);
  if (['running', 'deleting', 'exited deleting', 'exited', 'exited garbage'].includes(p.state)) {
    lines.push(`pid=${p.pid ?? -1}`, `exited=${p.state === 'exited' || p.state === 'exited garbage'}`);
    if (p.state !== 'running') for (const a of p.apps ?? []) if (a.exitCode !== undefined) lines.push(`app-${a.name}=${a.exitCode}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `rkt app list UUID` (app_list.go): NAME and STATE. */
export function printAppList(apps: readonly AppView[], noLegend = false): string {
  let text = noLegend ? '' : 'NAME\tSTATE\n';
  for (const a of apps) text += `${a.name}\t${a.state}\n`;
  return goTabwriter(text);
}

/**
 * `rkt app status UUID --app=NAME` (app_status.go printApp). The logger adds a newline to
 * `mounts=` (and the annotation and label keys) before the values' own line and the Println
 * after it, so those come out on three lines, as rkt prints them.
 */
export function printAppStatus(a: AppView, format: OutputFormat = ''): string {
  if (format === 'json') return `${goJsonMarshal(appJson(a))}\n`;
  if (format === 'json-pretty') return `${goJsonIndent(appJson(a))}\n`;
  let out = `name=${a.name}\nstate=${a.state}\nimage_id=${a.imageId}\n`;
  if (a.createdAt !== undefined) out += `created_at=${goTimeString(nanos(a.createdAt))}\n`;
  if (a.startedAt !== undefined) out += `started_at=${goTimeString(nanos(a.startedAt))}\n`;
  if (a.finishedAt !== undefined) out += `finished_at=${goTimeString(nanos(a.finishedAt))}\n`;
  if (a.exitCode !== undefined) out += `exit_code=${a.exitCode}\n`;
  const block = (key: string, items: string[]): void => {
    if (items.length > 0) out += `${key}=\n${items.join(',')}\n\n`;
  };
  block('mounts', (a.mounts ?? []).map((m) => `${m.hostPath}:${m.containerPath}:(read_only:${m.readOnly})`));
  block('user_annotations', Object.keys(a.userAnnotations ?? {}).sort().map((k) => `${k}:${a.userAnnotations?.[k] ?? ''}`));
  block('user_labels', Object.keys(a.userLabels ?? {}).sort().map((k) => `${k}:${a.userLabels?.[k] ?? ''}`));
  return out;
}
