import { toRfc3339 } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { servedCustomResources } from '../../api/discovery.ts';
import { customResourcePrinter } from './printCustom.ts';
import type { KindPrinter } from './printRows.ts';
import { apiPath, kubectlObjectName, resourceByKind, resourceByName, type ResourceInfo } from '../../../domain/k8s/resources.ts';
import { ApiClient } from '../../api/client.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { isKubectlArgsError, parseKubectlArgs, type ApplyCommand, type GetCommand } from './args.ts';
import { decodeManifests } from './manifests.ts';
import { noResourcesFound, printJson, printNames, printTable, printYaml } from './print.ts';
import { serverError, serverErrorFrom, type KubectlContext } from './verbs/context.ts';
import { createDeployment, createFromFiles, createNamespace, replaceFromFiles } from './verbs/create.ts';
import { deleteObjects } from './verbs/delete.ts';
import { describe } from './verbs/describe.ts';
import { drain } from './verbs/drain.ts';
import { getWatch } from './verbs/get-watch.ts';
import { cordon, label, taint } from './verbs/metadata.ts';
import { rollout } from './verbs/rollout.ts';
import { scale } from './verbs/scale.ts';
import { setImage } from './verbs/set-image.ts';

export const KUBECTL_VERSION = 'v1.34.2';
/** The verbs this release runs; the parser knows more (logs, version). */
const SIMULATED_VERBS = ['apply', 'create', 'replace', 'get', 'describe', 'delete', 'scale', 'set image', 'rollout', 'label', 'taint', 'cordon', 'uncordon', 'drain'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandInput {
  argv: string[];
  stdin?: string;
  /** Files the command may read (`kubectl apply -f path`), by path as typed. */
  files?: Record<string, string>;
  cause: number;
}

/**
 * kubectl as a client of the simulated apiserver: it turns a parsed command line into the
 * REST calls the real kubectl makes (client-side apply: GET, then POST or PATCH with the
 * last-applied-configuration annotation; get: a GET of the list or the object) and prints
 * what kubectl prints.
 */
export class Kubectl implements Actor {
  readonly id = 'kubectl';
  readonly host = 'workstation';
  private readonly client: ApiClient;

  constructor(private readonly sim: Simulation) {
    this.client = new ApiClient(sim, this.id, { user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], userAgent: `kubectl/${KUBECTL_VERSION} (linux/amd64) kubernetes/kubectl` });
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  execute(input: CommandInput & { detach?: (interrupt: () => CommandResult) => void }, done: (r: CommandResult) => void): void {
    const parsed = parseKubectlArgs(input.argv);
    if (isKubectlArgsError(parsed)) {
      done({ exitCode: 1, stdout: '', stderr: `${parsed.error}\n` });
      return;
    }
    const ctx: KubectlContext = { sim: this.sim, api: this.client, input, done };
    switch (parsed.verb) {
      case 'apply':
        this.apply(parsed, input, done);
        return;
      case 'get':
        if (parsed.watch || parsed.watchOnly) getWatch(ctx, parsed);
        else this.get(parsed, input.cause, done);
        return;
      case 'create':
        createFromFiles(ctx, parsed);
        return;
      case 'create deployment':
        createDeployment(ctx, parsed);
        return;
      case 'create namespace':
        createNamespace(ctx, parsed);
        return;
      case 'replace':
        replaceFromFiles(ctx, parsed);
        return;
      case 'delete':
        deleteObjects(ctx, parsed);
        return;
      case 'scale':
        scale(ctx, parsed);
        return;
      case 'set image':
        setImage(ctx, parsed);
        return;
      case 'rollout':
        rollout(ctx, parsed);
        return;
      case 'label':
        label(ctx, parsed);
        return;
      case 'taint':
        taint(ctx, parsed);
        return;
      case 'cordon':
      case 'uncordon':
        cordon(ctx, parsed);
        return;
      case 'drain':
        drain(ctx, parsed);
        return;
      case 'describe':
        describe(ctx, parsed);
        return;
      default:
        done({ exitCode: 1, stdout: '', stderr: `error: "kubectl ${parsed.verb}" is not simulated yet in this release of kube-anatomy (simulated: ${SIMULATED_VERBS.join(', ')})\n` });
    }
  }

  // ---------------------------------------------------------------- apply

  private apply(cmd: ApplyCommand, input: CommandInput, done: (r: CommandResult) => void): void {
    const objects: { obj: KubeObject; source: string }[] = [];
    for (const file of cmd.files) {
      const text = file === '-' ? input.stdin : input.files?.[file];
      const source = file === '-' ? 'STDIN' : file;
      if (text === undefined) {
        done({ exitCode: 1, stdout: '', stderr: `error: the path "${file}" does not exist\n` });
        return;
      }
      try {
        for (const obj of decodeManifests(text, file === '-' ? '-' : file).objects) objects.push({ obj, source });
      } catch (err) {
        done({ exitCode: 1, stdout: '', stderr: `${(err as Error).message}\n` });
        return;
      }
    }
    if (objects.length === 0) {
      done({ exitCode: 1, stdout: '', stderr: 'error: no objects passed to apply\n' });
      return;
    }
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    const next = (i: number, cause: number): void => {
      const item = objects[i];
      if (!item) {
        done({ exitCode, stdout, stderr });
        return;
      }
      this.applyOne(item.obj, item.source, cmd.namespace, cause, (line, failed, seq) => {
        if (failed) {
          stderr += line;
          exitCode = 1;
        } else stdout += line;
        next(i + 1, seq);
      });
    };
    next(0, input.cause);
  }

  private applyOne(obj: KubeObject, source: string, namespace: string | undefined, cause: number, then: (line: string, failed: boolean, seq: number) => void): void {
    const info = resourceByKind(obj.apiVersion, obj.kind, servedCustomResources(this.sim));
    if (!info) {
      const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
      then(`error: resource mapping not found for name: "${obj.metadata.name ?? ''}" namespace: "${obj.metadata.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${group ? `${group}/` : ''}${version}"\nensure CRDs are installed first\n`, true, cause);
      return;
    }
    const ns = info.namespaced ? (obj.metadata.namespace ?? namespace ?? 'default') : undefined;
    const name = obj.metadata.name ?? '';
    const applied = withLastApplied(obj, ns);
    const path = apiPath(info, ns, name);
    this.client.request('GET', path, { cause }, (res, d1) => {
      if (res.code === 404) {
        this.client.request('POST', apiPath(info, ns), { body: applied, cause: d1.seq }, (created, d2) => {
          if (created.code === 201) then(`${kubectlObjectName(info, name)} created\n`, false, d2.seq);
          else then(serverErrorFrom(created, 'creating', source), true, d2.seq);
        });
        return;
      }
      if (res.code !== 200) {
        then(serverErrorFrom(res, 'retrieving current configuration of', source), true, d1.seq);
        return;
      }
      const current = res.body as KubeObject;
      if (current.metadata.annotations?.[LAST_APPLIED] === applied.metadata.annotations?.[LAST_APPLIED]) {
        then(`${kubectlObjectName(info, name)} unchanged\n`, false, d1.seq);
        return;
      }
      const patch = { ...applied, metadata: { ...applied.metadata } };
      this.client.request('PATCH', path, { body: patch, contentType: 'application/merge-patch+json', cause: d1.seq }, (patched, d2) => {
        if (patched.code === 200) then(`${kubectlObjectName(info, name)} configured\n`, false, d2.seq);
        else then(serverErrorFrom(patched, 'patching', source), true, d2.seq);
      });
    });
  }

  // ---------------------------------------------------------------- get

  private get(cmd: GetCommand, cause: number, done: (r: CommandResult) => void): void {
    if (cmd.watch || cmd.watchOnly) {
      done({ exitCode: 1, stdout: '', stderr: 'error: "kubectl get --watch" is not simulated yet in this release of kube-anatomy\n' });
      return;
    }
    const namespace = cmd.namespace ?? 'default';
    const targets: { resource: string; name?: string }[] = cmd.targets.length ? cmd.targets : cmd.resources.map((resource) => ({ resource }));
    const infos: { info: ResourceInfo; name?: string }[] = [];
    for (const t of targets) {
      const info = resourceByName(t.resource, servedCustomResources(this.sim));
      if (!info) {
        done({ exitCode: 1, stdout: '', stderr: `error: the server doesn't have a resource type "${t.resource}"\n` });
        return;
      }
      infos.push(t.name ? { info, name: t.name } : { info });
    }
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    const tables: string[] = [];
    const collected: KubeObject[] = [];
    const multipleKinds = new Set(infos.map((i) => i.info.kind)).size > 1;
    const next = (i: number, seq: number): void => {
      const item = infos[i];
      if (!item) {
        const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
        if (cmd.output === 'yaml') stdout += printYaml(collected.length === 1 && infos.every((x) => x.name) ? (collected[0] as KubeObject) : collected);
        else if (cmd.output === 'json') stdout += printJson(collected.length === 1 && infos.every((x) => x.name) ? (collected[0] as KubeObject) : collected);
        else stdout += tables.join('\n');
        if (!stdout && !stderr && exitCode === 0) stderr = noResourcesFound(cmd.allNamespaces || infos.every((x) => !x.info.namespaced) ? undefined : namespace);
        void now;
        done({ exitCode, stdout, stderr });
        return;
      }
      const ns = item.info.namespaced && !cmd.allNamespaces ? namespace : undefined;
      const query: Record<string, string> = {};
      if (cmd.selector) query.labelSelector = cmd.selector;
      this.client.request('GET', apiPath(item.info, ns, item.name), { cause: seq, ...(Object.keys(query).length ? { query } : {}) }, (res, d) => {
        if (res.code !== 200) {
          stderr += serverError(res);
          exitCode = 1;
          next(i + 1, d.seq);
          return;
        }
        const objects = item.name ? [res.body as KubeObject] : ((res.body as { items?: KubeObject[] }).items ?? []);
        // The apiserver lists in etcd key order: namespace, then name, compared as bytes.
        const sorted = [...objects].sort((a, b) => byteCompare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || byteCompare(a.metadata.name ?? '', b.metadata.name ?? ''));
        collected.push(...sorted);
        if (cmd.output === 'name') stdout += printNames(item.info, sorted);
        else if (cmd.output === 'table' || cmd.output === 'wide') {
          if (sorted.length > 0) {
            tables.push(printTable(item.info, sorted, { ...customPrinter(this.sim, item.info), wide: cmd.output === 'wide', now: toRfc3339(this.sim.timeOrigin, this.sim.now), allNamespaces: cmd.allNamespaces, showLabels: cmd.showLabels, showKind: multipleKinds || cmd.showKind }));
          }
        }
        next(i + 1, d.seq);
      });
    };
    next(0, cause);
  }
}

function withLastApplied(obj: KubeObject, namespace: string | undefined): KubeObject {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  // kubectl writes the manifest as given, with `"annotations":{}` when it had none.
  const forAnnotation = { ...obj, metadata: { ...obj.metadata, annotations, ...(namespace ? { namespace } : {}) } };
  return {
    ...obj,
    metadata: { ...obj.metadata, ...(namespace ? { namespace } : {}), annotations: { ...annotations, [LAST_APPLIED]: `${JSON.stringify(sortKeys(forAnnotation))}\n` } },
  };
}

/** kubectl writes the annotation from a Go map: keys in sorted order. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A custom resource's table: its CRD's additionalPrinterColumns (the server-side table of the CRD handler). */
function customPrinter(sim: Simulation, info: ResourceInfo): { printer?: KindPrinter } {
  if (!servedCustomResources(sim).includes(info)) return {};
  const printer = customResourcePrinter(sim, info);
  return printer ? { printer } : {};
}
