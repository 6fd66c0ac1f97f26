import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { ScaleCommand } from '../args.ts';
import { resolveResource, sequence, serverError, type KubectlContext } from './context.ts';

/** Kinds with a scale subresource (kubectl scale's scaler works on these). */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/**
 * `kubectl scale` (k8s.io/kubectl/pkg/cmd/scale/scale.go, pkg/scale): a merge patch of
 * spec.replicas on the scale subresource; with --current-replicas, a GET of the scale first
 * and the precondition checked client-side, with kubectl's words.
 */
export function scale(ctx: KubectlContext, cmd: ScaleCommand): void {
  const ns = cmd.namespace ?? 'default';
  const targets: { info: ResourceInfo; name: string }[] = [];
  for (const t of cmd.targets) {
    const info = resolveResource(t.resource, ctx.sim);
    if ('error' in info) {
      ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
      return;
    }
    if (!SCALABLE.has(info.kind)) {
      ctx.done({ exitCode: 1, stdout: '', stderr: `error: cannot scale ${info.kind}, only Deployment, ReplicaSet, StatefulSet and ReplicationController can be scaled\n` });
      return;
    }
    if (t.name) targets.push({ info, name: t.name });
  }
  let stdout = '';
  let stderr = '';
  sequence(
    targets,
    ctx.input.cause,
    ({ info, name }, cause, next) => {
      const path = apiPath(info, ns, name, 'scale');
      const patch = (c: number): void => {
        ctx.api.request('PATCH', path, { body: { spec: { replicas: cmd.replicas } }, contentType: 'application/merge-patch+json', cause: c }, (res, d) => {
          if (res.code === 200) stdout += `${kubectlObjectName(info, name)} scaled\n`;
          else stderr += serverError(res);
          next(d.seq);
        });
      };
      if (cmd.currentReplicas < 0) {
        patch(cause);
        return;
      }
      ctx.api.request('GET', path, { cause }, (res, d) => {
        if (res.code !== 200) {
          stderr += serverError(res);
          next(d.seq);
          return;
        }
        const current = ((res.body as KubeObject).spec as { replicas?: number } | undefined)?.replicas ?? 0;
        if (current !== cmd.currentReplicas) {
          stderr += `error: Expected replicas to be ${cmd.currentReplicas}, was ${current}\n`;
          next(d.seq);
          return;
        }
        patch(d.seq);
      });
    },
    () => ctx.done({ exitCode: stderr ? 1 : 0, stdout, stderr }),
  );
}
