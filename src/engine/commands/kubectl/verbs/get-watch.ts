import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { GetCommand } from '../args.ts';
import { noResourcesFound, printNames, toGoJson, toGoYaml } from '../print.ts';
import { tableCells } from '../printTable.ts';
import { TabWriter } from '../printTabwriter.ts';
import { nowIso, resolveResource, serverError, type KubectlContext } from './context.ts';

/**
 * `kubectl get -w` (get.go watch): list, print what is there, then watch from the list's
 * resourceVersion and print each event until interrupted. `--watch-only` skips what was there
 * (get.go's skipPrinter); `--output-watch-events` adds the event type. It runs in a second
 * terminal.
 *
 * The table prints one row per event with the same tabwriter (its widths remembered, no header
 * again), with an EVENT column for --output-watch-events. `-o yaml|json|name` print every object
 * whole with one printer for the whole run (see objectPrinter).
 */
export function getWatch(ctx: KubectlContext, cmd: GetCommand): void {
  const target = cmd.targets[0] ?? (cmd.resources[0] ? { resource: cmd.resources[0] } : undefined);
  if (!target || cmd.resources.length > 1) {
    ctx.done({ exitCode: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    return;
  }
  if (cmd.output === 'name' && cmd.outputWatchEvents) {
    ctx.done({ exitCode: 1, stdout: '', stderr: 'error: "kubectl get -w -o name --output-watch-events" is not simulated yet in this release of kube-anatomy (simulated: -o name, yaml and json, with or without events for yaml and json)\n' });
    return;
  }
  const info = resolveResource(target.resource, ctx.sim);
  if ('error' in info) {
    ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
    return;
  }
  const ns = info.namespaced && !cmd.allNamespaces ? (cmd.namespace ?? 'default') : undefined;
  const print = cmd.output === 'table' || cmd.output === 'wide' ? tablePrinter(ctx, cmd, info) : objectPrinter(cmd.output, info, cmd.outputWatchEvents);
  let stdout = '';
  let stderr = '';
  let stopped = false;
  const query: Record<string, string> = cmd.selector ? { labelSelector: cmd.selector } : {};
  ctx.api.request('GET', apiPath(info, ns, target.name), { cause: ctx.input.cause, ...(cmd.selector ? { query } : {}) }, (res, d) => {
    if (res.code !== 200) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    const objects = target.name ? [res.body as KubeObject] : ((res.body as { items?: KubeObject[] }).items ?? []);
    const rv = target.name ? ((res.body as KubeObject).metadata.resourceVersion ?? '') : ((res.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? '');
    if (!cmd.watchOnly) {
      // The table says so when the namespace is empty; the object printers print nothing.
      if (objects.length === 0 && print.kind === 'table') stderr += noResourcesFound(ns);
      else stdout += print.initial(objects);
    }
    ctx.api.watch(apiPath(info, ns), { resourceVersion: rv, ...query, ...(target.name ? { fieldSelector: `metadata.name=${target.name}` } : {}) }, d.seq, (ev) => {
      if (stopped || ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
      const obj = ev.object as KubeObject;
      if (target.name && obj.metadata.name !== target.name) return;
      stdout += print.event(ev.type, obj);
    });
    ctx.input.detach?.(() => {
      stopped = true;
      return { exitCode: 130, stdout, stderr };
    });
  });
}

interface WatchPrinter {
  kind: 'table' | 'object';
  /** What was there before the watch: the list's items, or the named object. */
  initial(objects: KubeObject[]): string;
  event(type: string, obj: KubeObject): string;
}

function tablePrinter(ctx: KubectlContext, cmd: GetCommand, info: ResourceInfo): WatchPrinter {
  const writer = new TabWriter();
  const opts = () => ({ wide: cmd.output === 'wide', now: nowIso(ctx), allNamespaces: cmd.allNamespaces, showLabels: cmd.showLabels, ...(cmd.showKind ? { showKind: true } : {}) });
  const withEvent = (type: string, cells: string[][], header: boolean): string[][] => (cmd.outputWatchEvents ? cells.map((row, i) => [header && i === 0 ? 'EVENT' : type, ...row]) : cells);
  let headerDone = false;
  const rows = (type: string, objects: KubeObject[]): string => {
    const { header, rows: body } = tableCells(info, objects, opts());
    const withHeader = !headerDone && !cmd.noHeaders;
    headerDone = true;
    return writer.write(withEvent(type, withHeader ? [header, ...body] : body, withHeader));
  };
  return { kind: 'table', initial: (objects) => rows('ADDED', objects), event: (type, obj) => rows(type, [obj]) };
}

/**
 * -o yaml|json|name over a watch (cli-runtime printers/yaml.go, json.go, name.go; get.go
 * watch): one printer for the initial objects and every event, so
 * - yaml writes `---` before every document but the first (YAMLPrinter's printCount);
 * - json writes each object indented by four spaces, one after another, no separator;
 * - with --output-watch-events each object is a metav1.WatchEvent {type, object}, which both
 *   printers json.Marshal first: compact on one line for json, turned into yaml for yaml.
 * The objects are unstructured, so they carry apiVersion and kind.
 */
export function objectPrinter(output: 'yaml' | 'json' | 'name', info: ResourceInfo, withEvents: boolean): WatchPrinter {
  let printed = 0;
  const typed = (obj: KubeObject): KubeObject => ({ ...obj, apiVersion: obj.apiVersion || info.apiVersion, kind: obj.kind || info.kind });
  const one = (type: string, raw: KubeObject): string => {
    const obj = typed(raw);
    if (output === 'name') return printNames(info, [obj]);
    if (output === 'json') return withEvents ? `{"type":${goCompactJson(type)},"object":${goCompactJson(obj)}}\n` : toGoJson(obj);
    const separator = printed++ > 0 ? '---\n' : '';
    return separator + toGoYaml(withEvents ? { object: obj, type } : obj);
  };
  return { kind: 'object', initial: (objects) => objects.map((o) => one('ADDED', o)).join(''), event: one };
}

/** json.Marshal: the same sorted keys and HTML escapes as the indented printer, on one line. */
function goCompactJson(value: unknown): string {
  const compact = JSON.stringify(JSON.parse(toGoJson(value)));
  return compact.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}
