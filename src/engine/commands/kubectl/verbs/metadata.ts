import type { KubeObject, Taint } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { LabelCommand, NodeMaintenanceCommand, TaintCommand } from '../args.ts';
import { namedTargets, sequence, serverError, type KubectlContext } from './context.ts';

/**
 * Commands that edit an object's labels or a node's taints and schedulability:
 * `kubectl label` (label/label.go), `kubectl taint` (taint/taint.go, pkg/util/taints),
 * `kubectl cordon|uncordon` (drain/cordon.go, pkg/drain/cordon.go). Each GETs the object,
 * works out the change and its message, and PATCHes only when something changes.
 */

function forEachNamed(ctx: KubectlContext, targets: { info: ResourceInfo; ns: string | undefined; name: string }[], step: (obj: KubeObject, t: { info: ResourceInfo; ns: string | undefined; name: string }, cause: number, out: (stdout: string, stderr: string, seq: number) => void) => void): void {
  let stdout = '';
  let stderr = '';
  sequence(
    targets,
    ctx.input.cause,
    (t, cause, next) => {
      ctx.api.request('GET', apiPath(t.info, t.ns, t.name), { cause }, (res, d) => {
        if (res.code !== 200) {
          stderr += serverError(res);
          next(d.seq);
          return;
        }
        step(res.body as KubeObject, t, d.seq, (o, e, seq) => {
          stdout += o;
          stderr += e;
          next(seq);
        });
      });
    },
    () => ctx.done({ exitCode: stderr.split('\n').some((l) => /^(error|Error)/.test(l)) ? 1 : 0, stdout, stderr }),
  );
}

function patch(ctx: KubectlContext, t: { info: ResourceInfo; ns: string | undefined; name: string }, body: unknown, contentType: string, cause: number, ok: string, out: (stdout: string, stderr: string, seq: number) => void): void {
  ctx.api.request('PATCH', apiPath(t.info, t.ns, t.name), { body, contentType, cause }, (res, d) => {
    if (res.code === 200) out(ok, '', d.seq);
    else out('', serverError(res), d.seq);
  });
}

export function label(ctx: KubectlContext, cmd: LabelCommand): void {
  const ns = cmd.namespace ?? 'default';
  const targets = namedTargets(ctx, cmd.targets, ns);
  if (!targets) return;
  forEachNamed(ctx, targets, (obj, t, cause, out) => {
    const labels = { ...(obj.metadata.labels ?? {}) };
    for (const c of cmd.changes) {
      if (c.value === null) continue;
      const old = labels[c.key];
      if (old !== undefined && old !== c.value && !cmd.overwrite) {
        out('', `error: '${c.key}' already has a value (${old}), and --overwrite is false\n`, cause);
        return;
      }
    }
    const changes: Record<string, string | null> = {};
    for (const c of cmd.changes) {
      if (c.value === null) {
        if (c.key in labels) changes[c.key] = null;
        delete labels[c.key];
      } else if (labels[c.key] !== c.value) {
        changes[c.key] = c.value;
        labels[c.key] = c.value;
      }
    }
    const name = kubectlObjectName(t.info, t.name);
    if (Object.keys(changes).length === 0) {
      out(`${name} not labeled\n`, '', cause);
      return;
    }
    const onlyRemovals = cmd.changes.every((c) => c.value === null);
    patch(ctx, t, { metadata: { labels: changes } }, 'application/merge-patch+json', cause, `${name} ${onlyRemovals ? 'unlabeled' : 'labeled'}\n`, out);
  });
}

const nodeInfo = (): ResourceInfo => resourceByName('nodes') as ResourceInfo;

function nodeTargets(ctx: KubectlContext, names: string[], selector: string | undefined, all: boolean, then: (t: { info: ResourceInfo; ns: undefined; name: string }[]) => void): void {
  const info = nodeInfo();
  if (names.length > 0) {
    then(names.map((name) => ({ info, ns: undefined, name })));
    return;
  }
  if (!all && selector === undefined) {
    then([]);
    return;
  }
  ctx.api.request('GET', apiPath(info), { cause: ctx.input.cause, ...(selector ? { query: { labelSelector: selector } } : {}) }, (res) => {
    const items = res.code === 200 ? ((res.body as { items?: KubeObject[] }).items ?? []) : [];
    then(items.map((n) => ({ info, ns: undefined, name: n.metadata.name ?? '' })));
  });
}

const taintText = (t: { key: string; value?: string; effect?: string }): string => `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;

export function taint(ctx: KubectlContext, cmd: TaintCommand): void {
  nodeTargets(ctx, cmd.nodes, cmd.selector, cmd.all, (targets) => {
    forEachNamed(ctx, targets, (node, t, cause, out) => {
      const old = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
      let taints = [...old];
      let added = false;
      let removed = false;
      for (const a of cmd.add) {
        const same = taints.findIndex((x) => x.key === a.key && x.effect === a.effect);
        if (same >= 0 && !cmd.overwrite) {
          out('', `error: node ${t.name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false\n`, cause);
          return;
        }
        if (same >= 0) taints.splice(same, 1);
        taints.push({ key: a.key, ...(a.value ? { value: a.value } : {}), effect: a.effect } as Taint);
        added = true;
      }
      for (const r of cmd.remove) {
        const before = taints.length;
        taints = taints.filter((x) => !(x.key === r.key && (r.effect === undefined || x.effect === r.effect)));
        if (taints.length === before) {
          out('', `error: taint ${JSON.stringify(taintText(r))} not found\n`, cause);
          return;
        }
        removed = true;
      }
      const op = added && removed ? 'modified' : added ? (old.length !== taints.length || cmd.overwrite ? 'tainted' : 'modified') : 'untainted';
      patch(ctx, t, { spec: { taints } }, 'application/strategic-merge-patch+json', cause, `node/${t.name} ${op}\n`, out);
    });
  });
}

export function cordon(ctx: KubectlContext, cmd: NodeMaintenanceCommand): void {
  const desired = cmd.verb === 'cordon';
  const word = desired ? 'cordoned' : 'uncordoned';
  nodeTargets(ctx, cmd.nodes, cmd.selector, false, (targets) => {
    if (targets.length === 0) {
      ctx.done({ exitCode: 1, stdout: '', stderr: `error: USAGE: ${cmd.verb} NODE [flags]\nSee 'kubectl ${cmd.verb} -h' for help and examples\n` });
      return;
    }
    forEachNamed(ctx, targets, (node, t, cause, out) => {
      const current = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
      if (current === desired) {
        out(`node/${t.name} already ${word}\n`, '', cause);
        return;
      }
      patch(ctx, t, { spec: { unschedulable: desired ? true : null } }, 'application/strategic-merge-patch+json', cause, `node/${t.name} ${word}\n`, out);
    });
  });
}
