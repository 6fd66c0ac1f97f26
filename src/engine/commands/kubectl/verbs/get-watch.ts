import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath } from '../../../../domain/k8s/resources.ts';
import type { GetCommand } from '../args.ts';
import { noResourcesFound } from '../print.ts';
import { tableCells } from '../printTable.ts';
import { TabWriter } from '../printTabwriter.ts';
import { nowIso, resolveResource, serverError, type KubectlContext } from './context.ts';

/**
 * `kubectl get -w` (get.go watch): list, print the table, then watch from the list's
 * resourceVersion and print one row per event with the same tabwriter (its widths remembered,
 * no header again), until interrupted. `--watch-only` skips the first table;
 * `--output-watch-events` adds an EVENT column. It runs in a second terminal.
 */
export function getWatch(ctx: KubectlContext, cmd: GetCommand): void {
  const target = cmd.targets[0] ?? (cmd.resources[0] ? { resource: cmd.resources[0] } : undefined);
  if (!target || cmd.resources.length > 1) {
    ctx.done({ exitCode: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    return;
  }
  if (cmd.output !== 'table' && cmd.output !== 'wide') {
    ctx.done({ exitCode: 1, stdout: '', stderr: `error: "kubectl get -w -o ${cmd.output}" is not simulated yet in this release of kube-anatomy (simulated: the table and -o wide)\n` });
    return;
  }
  const info = resolveResource(target.resource);
  if ('error' in info) {
    ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
    return;
  }
  const ns = info.namespaced && !cmd.allNamespaces ? (cmd.namespace ?? 'default') : undefined;
  const writer = new TabWriter();
  const opts = () => ({ wide: cmd.output === 'wide', now: nowIso(ctx), allNamespaces: cmd.allNamespaces, showLabels: cmd.showLabels, ...(cmd.showKind ? { showKind: true } : {}) });
  const withEvent = (type: string, cells: string[][], header: boolean): string[][] => (cmd.outputWatchEvents ? cells.map((row, i) => [header && i === 0 ? 'EVENT' : type, ...row]) : cells);
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
    let headerDone = false;
    if (!cmd.watchOnly) {
      if (objects.length === 0) stderr += noResourcesFound(ns);
      else {
        const { header, rows } = tableCells(info, objects, opts());
        stdout += writer.write(withEvent('ADDED', cmd.noHeaders ? rows : [header, ...rows], !cmd.noHeaders));
        headerDone = true;
      }
    }
    ctx.api.watch(apiPath(info, ns), { resourceVersion: rv, ...query, ...(target.name ? { fieldSelector: `metadata.name=${target.name}` } : {}) }, d.seq, (ev) => {
      if (stopped || ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
      const obj = ev.object as KubeObject;
      if (target.name && obj.metadata.name !== target.name) return;
      const { header, rows } = tableCells(info, [obj], opts());
      const withHeader = !headerDone && !cmd.noHeaders;
      headerDone = true;
      stdout += writer.write(withEvent(ev.type, withHeader ? [header, ...rows] : rows, withHeader));
    });
    ctx.input.detach?.(() => {
      stopped = true;
      return { exitCode: 130, stdout, stderr };
    });
  });
}
