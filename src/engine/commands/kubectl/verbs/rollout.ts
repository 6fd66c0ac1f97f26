import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { selectorToString } from '../../../../domain/k8s/labels.ts';
import type { LabelSelector } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import { equalIgnoreHash } from '../../../../domain/rollout/replicasets.ts';
import type { RolloutCommand } from '../args.ts';
import { formatColumns } from '../printTabwriter.ts';
import { nowIso, resolveResource, serverError, type KubectlContext } from './context.ts';

/**
 * `kubectl rollout status|history|undo|restart|pause|resume` for Deployments
 * (k8s.io/kubectl/pkg/cmd/rollout/*, pkg/polymorphichelpers/{rollout_status,history,rollback,
 * objectrestarter,objectpauser,objectresumer}.go).
 */

type Deployment = KubeObject & {
  spec: { replicas?: number; paused?: boolean; selector: LabelSelector; template: Record<string, unknown>; progressDeadlineSeconds?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; conditions?: { type: string; reason?: string }[] };
};

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

export function rollout(ctx: KubectlContext, cmd: RolloutCommand): void {
  const target = cmd.targets[0];
  if (!target?.name) {
    ctx.done({ exitCode: 1, stdout: '', stderr: `error: required resource not specified\n` });
    return;
  }
  const info = resolveResource(target.resource, ctx.sim);
  if ('error' in info) {
    ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
    return;
  }
  if (info.kind !== 'Deployment') {
    ctx.done({ exitCode: 1, stdout: '', stderr: `error: "kubectl rollout ${cmd.action}" of a ${info.kind} is not simulated yet in this release of kube-anatomy (simulated: deployments)\n` });
    return;
  }
  const ns = cmd.namespace ?? 'default';
  const name = target.name;
  switch (cmd.action) {
    case 'status':
      status(ctx, info, ns, name, cmd.watch);
      return;
    case 'history':
      history(ctx, info, ns, name, cmd.revision);
      return;
    case 'undo':
      undo(ctx, info, ns, name, cmd.toRevision);
      return;
    case 'restart':
      patchDeployment(ctx, info, ns, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': nowIso(ctx) } } } } }, 'restarted', (d) => (d.spec.paused ? `can't restart paused deployment (run rollout resume first)` : undefined));
      return;
    case 'pause':
      patchDeployment(ctx, info, ns, name, { spec: { paused: true } }, 'paused', (d) => (d.spec.paused ? 'is already paused' : undefined));
      return;
    case 'resume':
      patchDeployment(ctx, info, ns, name, { spec: { paused: null } }, 'resumed', (d) => (!d.spec.paused ? 'is not paused' : undefined));
      return;
  }
}

/** DeploymentStatusViewer.Status: the message for the current status and whether it is done. */
export function deploymentStatusMessage(d: Deployment): { message: string; done: boolean; error?: string } {
  const name = d.metadata.name ?? '';
  if ((d.metadata.generation ?? 0) > (d.status?.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec.replicas ?? 1;
  const updated = d.status?.updatedReplicas ?? 0;
  const total = d.status?.replicas ?? 0;
  const available = d.status?.availableReplicas ?? 0;
  if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
  if (total > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
  if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

/** rollout status: watch the Deployment and print each new status message until it is done. */
function status(ctx: KubectlContext, info: ResourceInfo, ns: string, name: string, watch: boolean): void {
  let stdout = '';
  let last = '';
  let finished = false;
  const consider = (d: Deployment): boolean => {
    const s = deploymentStatusMessage(d);
    if (s.error) {
      finished = true;
      ctx.done({ exitCode: 1, stdout, stderr: `error: ${s.error}\n` });
      return true;
    }
    if (s.done) {
      finished = true;
      ctx.done({ exitCode: 0, stdout: stdout + s.message, stderr: '' });
      return true;
    }
    if (s.message !== last) stdout += s.message;
    last = s.message;
    if (!watch) {
      finished = true;
      ctx.done({ exitCode: 0, stdout, stderr: '' });
      return true;
    }
    return false;
  };
  ctx.api.request('GET', apiPath(info, ns, name), { cause: ctx.input.cause }, (res, d) => {
    if (res.code !== 200) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    if (consider(res.body as Deployment)) return;
    ctx.api.watch(apiPath(info, ns), { fieldSelector: `metadata.name=${name}`, resourceVersion: (res.body as KubeObject).metadata.resourceVersion ?? '' }, d.seq, (ev) => {
      if (finished || (ev.type !== 'MODIFIED' && ev.type !== 'ADDED') || ev.object.metadata.name !== name) return;
      consider(ev.object as Deployment);
    });
  });
}

function listReplicaSets(ctx: KubectlContext, d: Deployment, ns: string, cause: number, then: (rss: KubeObject[], seq: number) => void): void {
  const rsInfo = resourceByName('replicasets') as ResourceInfo;
  ctx.api.request('GET', apiPath(rsInfo, ns), { cause, query: { labelSelector: selectorToString(d.spec.selector) } }, (res, dl) => {
    const items = res.code === 200 ? ((res.body as { items?: KubeObject[] }).items ?? []) : [];
    // Only the ReplicaSets this Deployment controls.
    then(items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid)), dl.seq);
  });
}

const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);

/** rollout history: REVISION and CHANGE-CAUSE per ReplicaSet, by revision (history.go). */
function history(ctx: KubectlContext, info: ResourceInfo, ns: string, name: string, revision: number): void {
  ctx.api.request('GET', apiPath(info, ns, name), { cause: ctx.input.cause }, (res, d) => {
    if (res.code !== 200) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    const dep = res.body as Deployment;
    listReplicaSets(ctx, dep, ns, d.seq, (rss) => {
      const byRevision = new Map(rss.map((rs) => [revisionOf(rs), rs]));
      if (revision > 0) {
        const rs = byRevision.get(revision);
        if (!rs) {
          ctx.done({ exitCode: 1, stdout: '', stderr: `error: unable to find the specified revision\n` });
          return;
        }
        ctx.done({ exitCode: 0, stdout: `${kubectlObjectName(info, name)} with revision #${revision}\n${describeTemplate(rs)}`, stderr: '' });
        return;
      }
      if (byRevision.size === 0) {
        ctx.done({ exitCode: 0, stdout: `No rollout history found.\n`, stderr: '' });
        return;
      }
      // tabwriter with padding 2 and no minimum width (history.go tabbedString).
      const revisions = [...byRevision.keys()].sort((a, b) => a - b);
      const rows = [['REVISION', 'CHANGE-CAUSE'], ...revisions.map((r) => [String(r), byRevision.get(r)?.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>'])];
      const width = Math.max(...rows.map((row) => (row[0] as string).length)) + 2;
      const table = rows.map((row) => `${(row[0] as string).padEnd(width)}${row[1] as string}\n`).join('');
      ctx.done({ exitCode: 0, stdout: `${kubectlObjectName(info, name)} \n${table}\n`, stderr: '' });
    });
  });
}

/** A short view of a revision's pod template (history.go prints the template with describe's printer). */
function describeTemplate(rs: KubeObject): string {
  const t = (rs.spec as { template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { name: string; image?: string }[] } } } | undefined)?.template;
  const labels = Object.entries(t?.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const lines = ['Pod Template:', `  Labels:\t${labels.join('\n\t')}`, '  Containers:'];
  for (const c of t?.spec?.containers ?? []) lines.push(`   ${c.name}:`, `    Image:\t${c.image ?? ''}`);
  return `${formatColumns(lines.map((l) => l.split('\t')))}\n`;
}

/**
 * rollout undo (rollback.go DeploymentRollbacker): the template of the ReplicaSet of the wanted
 * revision (the one before the current by default), without its pod-template-hash label, goes
 * back into the Deployment with a JSON patch, with the annotations the ReplicaSet carries.
 */
function undo(ctx: KubectlContext, info: ResourceInfo, ns: string, name: string, toRevision: number): void {
  ctx.api.request('GET', apiPath(info, ns, name), { cause: ctx.input.cause }, (res, d) => {
    if (res.code !== 200) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    const dep = res.body as Deployment;
    if (dep.spec.paused) {
      ctx.done({ exitCode: 1, stdout: '', stderr: `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n` });
      return;
    }
    listReplicaSets(ctx, dep, ns, d.seq, (rss, seq) => {
      const sorted = [...rss].sort((a, b) => revisionOf(b) - revisionOf(a));
      const rs = toRevision > 0 ? sorted.find((r) => revisionOf(r) === toRevision) : sorted[1];
      if (!rs) {
        ctx.done({ exitCode: 1, stdout: '', stderr: toRevision > 0 ? `error: unable to find specified revision ${toRevision} in history\n` : `error: no rollout history found for deployment "${name}"\n` });
        return;
      }
      const template = structuredClone((rs.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template);
      if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
      if (equalIgnoreHash(template as never, dep.spec.template as never)) {
        ctx.done({ exitCode: 0, stdout: `${kubectlObjectName(info, name)} skipped rollback (current template already matches revision ${revisionOf(rs)})\n`, stderr: '' });
        return;
      }
      // The annotations to keep come from the ReplicaSet, except the controller's own.
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(dep.metadata.annotations ?? {})) if (!k.startsWith('deployment.kubernetes.io/')) annotations[k] = v;
      for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!k.startsWith('deployment.kubernetes.io/')) annotations[k] = v;
      const ops = [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ];
      ctx.api.request('PATCH', apiPath(info, ns, name), { body: ops, contentType: 'application/json-patch+json', cause: seq }, (pres) => {
        if (pres.code !== 200) ctx.done({ exitCode: 1, stdout: '', stderr: serverError(pres) });
        else ctx.done({ exitCode: 0, stdout: `${kubectlObjectName(info, name)} rolled back\n`, stderr: '' });
      });
    });
  });
}

function patchDeployment(ctx: KubectlContext, info: ResourceInfo, ns: string, name: string, patch: Record<string, unknown>, done: string, refuse: (d: Deployment) => string | undefined): void {
  ctx.api.request('GET', apiPath(info, ns, name), { cause: ctx.input.cause }, (res, d) => {
    if (res.code !== 200) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    const why = refuse(res.body as Deployment);
    if (why) {
      ctx.done({ exitCode: 1, stdout: '', stderr: why.startsWith("can't") ? `error: ${why}\n` : `error: ${kubectlObjectName(info, name)} ${why}\n` });
      return;
    }
    ctx.api.request('PATCH', apiPath(info, ns, name), { body: patch, contentType: 'application/strategic-merge-patch+json', cause: d.seq }, (pres) => {
      if (pres.code !== 200) ctx.done({ exitCode: 1, stdout: '', stderr: serverError(pres) });
      else ctx.done({ exitCode: 0, stdout: `${kubectlObjectName(info, name)} ${done}\n`, stderr: '' });
    });
  });
}
