import { toRfc3339 } from '../../../../base/time.ts';
import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { resourceByKind, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { ApiClient } from '../../../api/client.ts';
import { servedCustomResources } from '../../../api/discovery.ts';
import { isStatus, type HttpResponse } from '../../../api/http.ts';
import type { Simulation } from '../../../runtime/simulation.ts';
import type { CommandInput, CommandResult } from '../client.ts';
import { decodeManifests } from '../manifests.ts';

/** What every verb needs: the simulation, kubectl's API client, and the terminal input. */
export interface KubectlContext {
  sim: Simulation;
  api: ApiClient;
  input: CommandInput & { detach?: (interrupt: () => CommandResult) => void };
  done: (r: CommandResult) => void;
}

export const nowIso = (ctx: KubectlContext): string => toRfc3339(ctx.sim.timeOrigin, ctx.sim.now);

/** A Status body's reason and message, as kubectl's error printer takes them. */
export function statusOf(res: HttpResponse): { reason: string; message: string } {
  if (isStatus(res.body)) return { reason: res.body.reason ?? '', message: res.body.message ?? '' };
  return { reason: '', message: 'an error on the server has prevented the request from succeeding' };
}

/**
 * kubectl's standardErrorMessage (cmd/util/helpers.go): `Error from server (NotFound): …`, or
 * without the parenthesis when the Status has no reason (StatusReasonUnknown), as for an
 * etcd error the apiserver passes through.
 */
function fromServer(reason: string, message: string): string {
  return reason ? `Error from server (${reason}): ${message}\n` : `Error from server: ${message}\n`;
}

/** `Error from server (NotFound): deployments.apps "web" not found` */
export function serverError(res: HttpResponse): string {
  const { reason, message } = statusOf(res);
  return fromServer(reason, message);
}

/** cmdutil.AddSourceToErr: `Error from server (AlreadyExists): error when creating "STDIN": …` */
export function serverErrorFrom(res: HttpResponse, action: string, source: string): string {
  const { reason, message } = statusOf(res);
  return fromServer(reason, `error when ${action} "${source}": ${message}`);
}

/** The manifests of -f files ('-' is stdin), or kubectl's error for a missing one. */
export function readManifests(ctx: KubectlContext, files: string[]): { objects: { obj: KubeObject; source: string }[] } | { error: string } {
  const objects: { obj: KubeObject; source: string }[] = [];
  for (const file of files) {
    const text = file === '-' ? ctx.input.stdin : ctx.input.files?.[file];
    const source = file === '-' ? 'STDIN' : file;
    if (text === undefined) return { error: `error: the path "${file}" does not exist\n` };
    try {
      for (const obj of decodeManifests(text, file === '-' ? '-' : file).objects) objects.push({ obj, source });
    } catch (err) {
      return { error: `${(err as Error).message}\n` };
    }
  }
  return { objects };
}

/** kubectl's mapping error for a kind the server does not serve. */
export function mappingError(obj: KubeObject, source: string): string {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  return `error: resource mapping not found for name: "${obj.metadata.name ?? ''}" namespace: "${obj.metadata.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${group ? `${group}/` : ''}${version}"\nensure CRDs are installed first\n`;
}

/** `sim`: the simulation whose served custom resources (discovery) the mapper also knows. */
export function infoOf(obj: KubeObject, sim?: Simulation): ResourceInfo | undefined {
  return resourceByKind(obj.apiVersion, obj.kind, servedCustomResources(sim));
}

/** Resolves resource names as typed (`deploy`, `rs`, `pods`), or the error kubectl prints. */
export function resolveResource(name: string, sim?: Simulation): ResourceInfo | { error: string } {
  return resourceByName(name, servedCustomResources(sim)) ?? { error: `error: the server doesn't have a resource type "${name}"\n` };
}

/** A named object to act on, resolved: its resource and the namespace it is looked up in. */
export interface NamedTarget {
  info: ResourceInfo;
  ns: string | undefined;
  name: string;
}

/**
 * The named targets of a command line (`deploy/web`, `pods a b`), resolved against the known
 * resources; on an unknown resource type, kubectl's error has been reported and undefined
 * comes back.
 */
export function namedTargets(ctx: KubectlContext, targets: readonly { resource: string; name?: string }[], namespace: string): NamedTarget[] | undefined {
  const out: NamedTarget[] = [];
  for (const t of targets) {
    const info = resolveResource(t.resource, ctx.sim);
    if ('error' in info) {
      ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
      return undefined;
    }
    if (t.name) out.push({ info, ns: info.namespaced ? namespace : undefined, name: t.name });
  }
  return out;
}

/** `deployment.apps`, `pod`: how kubectl names a kind in messages. */
export function kindString(info: ResourceInfo): string {
  return info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
}

/** Runs async steps one after another, threading the causal seq. */
export function sequence<T>(items: readonly T[], cause: number, step: (item: T, cause: number, next: (seq: number) => void) => void, end: (seq: number) => void): void {
  const go = (i: number, seq: number): void => {
    if (i >= items.length) {
      end(seq);
      return;
    }
    step(items[i] as T, seq, (s) => go(i + 1, s));
  };
  go(0, cause);
}
