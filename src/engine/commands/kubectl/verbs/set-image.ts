import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName } from '../../../../domain/k8s/resources.ts';
import type { SetImageCommand } from '../args.ts';
import { namedTargets, sequence, serverError, type KubectlContext } from './context.ts';

interface PodSpecLike {
  containers?: { name: string; image?: string }[];
  initContainers?: { name: string; image?: string }[];
}

/** Where a kind keeps its pod spec (polymorphichelpers.updatePodSpecForObject). */
function podSpecOf(obj: KubeObject): { spec: PodSpecLike; wrap: (patch: Record<string, unknown>) => Record<string, unknown> } | undefined {
  if (obj.kind === 'Pod') return { spec: (obj.spec ?? {}) as PodSpecLike, wrap: (p) => ({ spec: p }) };
  const template = (obj.spec as { template?: { spec?: PodSpecLike } } | undefined)?.template;
  if (!template) return undefined;
  return { spec: template.spec ?? {}, wrap: (p) => ({ spec: { template: { spec: p } } }) };
}

/**
 * `kubectl set image` (k8s.io/kubectl/pkg/cmd/set/set_image.go): a GET of each object, the
 * containers named (or `*`) given their new image, and a strategic merge patch with just the
 * changed containers (kubectl computes it as a two-way merge patch: name + image).
 */
export function setImage(ctx: KubectlContext, cmd: SetImageCommand): void {
  const ns = cmd.namespace ?? 'default';
  let stdout = '';
  let stderr = '';
  const targets = namedTargets(ctx, cmd.targets, ns);
  if (!targets) return;
  sequence(
    targets,
    ctx.input.cause,
    ({ info, name }, cause, next) => {
      ctx.api.request('GET', apiPath(info, info.namespaced ? ns : undefined, name), { cause }, (res, d) => {
        if (res.code !== 200) {
          stderr += serverError(res);
          next(d.seq);
          return;
        }
        const obj = res.body as KubeObject;
        const pod = podSpecOf(obj);
        if (!pod) {
          stderr += `error: ${kubectlObjectName(info, name)} has no pod template\n`;
          next(d.seq);
          return;
        }
        const changed: Record<string, { name: string; image: string }[]> = {};
        for (const { container, image } of cmd.images) {
          let found = false;
          for (const field of ['initContainers', 'containers'] as const) {
            for (const c of pod.spec[field] ?? []) {
              if (container !== '*' && c.name !== container) continue;
              found = true;
              if (c.image !== image) (changed[field] ??= []).push({ name: c.name, image });
            }
          }
          if (!found && container !== '*') {
            stderr += `error: unable to find container named "${container}"\n`;
          }
        }
        if (stderr) {
          next(d.seq);
          return;
        }
        if (Object.keys(changed).length === 0) {
          // An empty patch is skipped; kubectl still reports the object.
          stdout += `${kubectlObjectName(info, name)} image updated\n`;
          next(d.seq);
          return;
        }
        const body = pod.wrap(Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.map((c) => ({ image: c.image, name: c.name }))])));
        ctx.api.request('PATCH', apiPath(info, info.namespaced ? ns : undefined, name), { body, contentType: 'application/strategic-merge-patch+json', cause: d.seq }, (pres, d2) => {
          if (pres.code === 200) stdout += cmd.output === 'name' ? `${kubectlObjectName(info, name)}\n` : `${kubectlObjectName(info, name)} image updated\n`;
          else stderr += `error: failed to patch image update to pod template: ${serverError(pres).replace(/^Error from server \([^)]*\): /, '')}`;
          next(d2.seq);
        });
      });
    },
    () => ctx.done({ exitCode: stderr ? 1 : 0, stdout, stderr }),
  );
}
