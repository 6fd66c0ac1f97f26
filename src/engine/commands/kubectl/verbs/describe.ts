import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { selectorToString } from '../../../../domain/k8s/labels.ts';
import { apiPath, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { DescribeCommand } from '../args.ts';
import { describeDeployment, describeNode, describePod, describeReplicaSet, type DescribeInput } from '../describe/describers.ts';
import { eventsFor } from '../describe/sections.ts';
import { nowIso, resolveResource, sequence, serverError, type KubectlContext } from './context.ts';

/**
 * `kubectl describe` (k8s.io/kubectl/pkg/cmd/describe/describe.go): each object is fetched,
 * with what its describer shows beside it (a Deployment's ReplicaSets, a ReplicaSet's or a
 * node's pods, a pod's node) and its events, matched on the involved object.
 */

const DESCRIBERS: Record<string, (i: DescribeInput) => string> = {
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  Pod: describePod,
  Node: describeNode,
};

const info = (name: string): ResourceInfo => resourceByName(name) as ResourceInfo;

export function describe(ctx: KubectlContext, cmd: DescribeCommand): void {
  const ns = cmd.namespace ?? 'default';
  let stdout = '';
  let stderr = '';
  const targets: { info: ResourceInfo; name?: string }[] = [];
  const asked: { resource: string; name?: string }[] = cmd.targets.length ? cmd.targets : cmd.resources.map((resource) => ({ resource }));
  for (const t of asked) {
    const r = resolveResource(t.resource, ctx.sim);
    if ('error' in r) {
      ctx.done({ exitCode: 1, stdout: '', stderr: r.error });
      return;
    }
    if (!DESCRIBERS[r.kind]) {
      ctx.done({ exitCode: 1, stdout: '', stderr: `error: "kubectl describe ${t.resource}" is not simulated yet in this release of kube-anatomy (simulated: deployments, replicasets, pods, nodes)\n` });
      return;
    }
    targets.push(t.name ? { info: r, name: t.name } : { info: r });
  }
  const objects: { info: ResourceInfo; obj: KubeObject }[] = [];
  sequence(
    targets,
    ctx.input.cause,
    (t, cause, next) => {
      const scope = t.info.namespaced && !cmd.allNamespaces ? ns : undefined;
      ctx.api.request('GET', apiPath(t.info, scope, t.name), { cause, ...(cmd.selector && !t.name ? { query: { labelSelector: cmd.selector } } : {}) }, (res, d) => {
        if (res.code !== 200) stderr += serverError(res);
        else if (t.name) objects.push({ info: t.info, obj: res.body as KubeObject });
        else for (const o of ((res.body as { items?: KubeObject[] }).items ?? [])) objects.push({ info: t.info, obj: o });
        next(d.seq);
      });
    },
    (seq) => {
      const texts: string[] = [];
      sequence(
        objects,
        seq,
        ({ info: i, obj }, cause, next) => {
          relatedOf(ctx, obj, cause, (related, s1) => {
            const finish = (events: KubeObject[] | undefined, s2: number): void => {
              texts.push((DESCRIBERS[i.kind] as (x: DescribeInput) => string)({ obj, related, now: nowIso(ctx), events: events ? eventsFor(obj, events) : undefined }));
              next(s2);
            };
            if (!cmd.showEvents) {
              finish(undefined, s1);
              return;
            }
            // searchEvents: in the object's namespace, or in all of them for a cluster-scoped one.
            const search = (uid: string, cause: number, then: (items: KubeObject[], seq: number) => void): void => {
              const fieldSelector = `involvedObject.name=${obj.metadata.name},involvedObject.namespace=${obj.metadata.namespace ?? ''},involvedObject.kind=${obj.kind},involvedObject.uid=${uid}`;
              ctx.api.request('GET', apiPath(info('events'), obj.metadata.namespace), { cause, query: { fieldSelector } }, (res, d) => {
                then(res.code === 200 ? ((res.body as { items?: KubeObject[] }).items ?? []) : [], d.seq);
              });
            };
            if (obj.kind !== 'Node') {
              search(obj.metadata.uid ?? '', s1, finish);
              return;
            }
            // describe.go NodeDescriber: the kubelet reports node events with the node's name as
            // uid, the controllers with its uid; kubectl searches both.
            search(obj.metadata.name ?? '', s1, (byName, s2) => search(obj.metadata.uid ?? '', s2, (byUid, s3) => finish([...byName, ...byUid], s3)));
          });
        },
        () => {
          stdout = texts.join('\n\n');
          if (objects.length === 0 && !stderr) stderr = `No resources found in ${ns} namespace.\n`;
          ctx.done({ exitCode: stderr ? 1 : 0, stdout, stderr });
        },
      );
    },
  );
}

/** What each describer shows beside the object. */
function relatedOf(ctx: KubectlContext, obj: KubeObject, cause: number, then: (related: KubeObject[], seq: number) => void): void {
  const list = (res: ResourceInfo, namespace: string | undefined, query: Record<string, string>): void => {
    ctx.api.request('GET', apiPath(res, namespace), { cause, query }, (r, d) => then(r.code === 200 ? ((r.body as { items?: KubeObject[] }).items ?? []) : [], d.seq));
  };
  const selector = (obj.spec as { selector?: Parameters<typeof selectorToString>[0] } | undefined)?.selector;
  switch (obj.kind) {
    case 'Deployment':
      list(info('replicasets'), obj.metadata.namespace, selector ? { labelSelector: selectorToString(selector) } : {});
      return;
    case 'ReplicaSet':
      list(info('pods'), obj.metadata.namespace, selector ? { labelSelector: selectorToString(selector) } : {});
      return;
    case 'Node':
      ctx.api.request('GET', apiPath(info('leases'), 'kube-node-lease', obj.metadata.name), { cause }, (lr, ld) => {
        const lease = lr.code === 200 ? [{ ...(lr.body as KubeObject), kind: 'Lease' }] : [];
        ctx.api.request('GET', apiPath(info('pods')), { cause: ld.seq, query: { fieldSelector: `spec.nodeName=${obj.metadata.name}` } }, (r, d) => {
          then([...lease, ...(r.code === 200 ? ((r.body as { items?: KubeObject[] }).items ?? []) : [])], d.seq);
        });
      });
      return;
    case 'Pod': {
      const node = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      if (!node) {
        then([], cause);
        return;
      }
      ctx.api.request('GET', apiPath(info('nodes'), undefined, node), { cause }, (r, d) => then(r.code === 200 ? [r.body as KubeObject] : [], d.seq));
      return;
    }
    default:
      then([], cause);
  }
}
