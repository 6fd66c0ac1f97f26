import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { DeleteCommand } from '../args.ts';
import { infoOf, kindString, mappingError, readManifests, resolveResource, sequence, serverError, serverErrorFrom, type KubectlContext } from './context.ts';
import { waitDeleted, type DeletedObject } from './wait-deleted.ts';

/**
 * `kubectl delete` (k8s.io/kubectl/pkg/cmd/delete/delete.go): the objects named, selected or
 * in the files, one DELETE each with DeleteOptions (kubectl always sends propagationPolicy,
 * Background unless --cascade says otherwise), `<kind>.<group> "<name>" deleted` for each, then
 * by default waits until they are gone.
 */

interface Victim {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  source?: string;
}

const IMMEDIATE_WARNING = 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

export function deleteObjects(ctx: KubectlContext, cmd: DeleteCommand): void {
  const ns = cmd.namespace ?? 'default';
  let stderr = '';
  const gather = (then: (victims: Victim[], cause: number) => void): void => {
    if (cmd.files.length > 0) {
      const read = readManifests(ctx, cmd.files);
      if ('error' in read) {
        ctx.done({ exitCode: 1, stdout: '', stderr: read.error });
        return;
      }
      const victims: Victim[] = [];
      for (const { obj, source } of read.objects) {
        const info = infoOf(obj, ctx.sim);
        if (!info) stderr += mappingError(obj, source);
        else victims.push({ info, namespace: info.namespaced ? (obj.metadata.namespace ?? ns) : undefined, name: obj.metadata.name ?? '', source });
      }
      then(victims, ctx.input.cause);
      return;
    }
    const infos: ResourceInfo[] = [];
    for (const r of cmd.resources) {
      const info = resolveResource(r, ctx.sim);
      if ('error' in info) {
        ctx.done({ exitCode: 1, stdout: '', stderr: info.error });
        return;
      }
      infos.push(info);
    }
    if (cmd.names.length > 0) {
      const victims = cmd.targets.map((t) => {
        const info = resolveResource(t.resource, ctx.sim) as ResourceInfo;
        return { info, namespace: info.namespaced ? ns : undefined, name: t.name ?? '' };
      });
      then(victims, ctx.input.cause);
      return;
    }
    // --all or -l: list first, as the resource builder does.
    const victims: Victim[] = [];
    sequence(
      infos,
      ctx.input.cause,
      (info, cause, next) => {
        const query: Record<string, string> = cmd.selector ? { labelSelector: cmd.selector } : {};
        ctx.api.request('GET', apiPath(info, info.namespaced && !cmd.allNamespaces ? ns : undefined), { cause, ...(cmd.selector ? { query } : {}) }, (res, d) => {
          if (res.code !== 200) stderr += serverError(res);
          else for (const o of ((res.body as { items?: KubeObject[] }).items ?? [])) victims.push({ info, namespace: o.metadata.namespace, name: o.metadata.name ?? '' });
          next(d.seq);
        });
      },
      (seq) => then(victims, seq),
    );
  };

  gather((victims, cause) => {
    if (victims.length === 0 && !stderr) {
      ctx.done({ exitCode: 0, stdout: 'No resources found\n', stderr: '' });
      return;
    }
    const grace = cmd.now ? 1 : cmd.force && cmd.gracePeriod < 0 ? 0 : cmd.gracePeriod;
    if (grace === 0) stderr += IMMEDIATE_WARNING;
    const options: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), propagationPolicy: cascadePolicy(cmd.cascade) };
    let stdout = '';
    let failed = false;
    const deleted: DeletedObject[] = [];
    sequence(
      victims,
      cause,
      (v, c, next) => {
        // The first error ends the visit (DeleteResult returns it): later objects stay.
        if (failed) {
          next(c);
          return;
        }
        ctx.api.request('DELETE', apiPath(v.info, v.namespace, v.name), { body: options, cause: c }, (res, d) => {
          if (res.code === 200 || res.code === 202) {
            // Pods come back as the object being deleted; other kinds as a Status with details.uid.
            const body = res.body as (KubeObject & { details?: { uid?: string } }) | undefined;
            const uid = body?.kind === 'Status' ? body.details?.uid : body?.metadata?.uid;
            deleted.push({ info: v.info, namespace: v.namespace, name: v.name, uid });
            const op = grace === 0 ? 'force deleted' : 'deleted';
            stdout += cmd.output === 'name' ? `${kindString(v.info)}/${v.name}\n` : `${kindString(v.info)} "${v.name}" ${op}\n`;
          } else if (!(res.code === 404 && cmd.ignoreNotFound)) {
            stderr += v.source ? serverErrorFrom(res, 'deleting', v.source) : serverError(res);
            failed = true;
          }
          next(d.seq);
        });
      },
      (seq) => {
        const finish = (): void => ctx.done({ exitCode: hasErrors(stderr) ? 1 : 0, stdout, stderr });
        if (!cmd.wait || grace === 0) {
          finish();
          return;
        }
        waitDeleted(ctx, deleted, seq, finish);
      },
    );
  });
}

function hasErrors(stderr: string): boolean {
  return stderr.split('\n').some((l) => l.startsWith('Error') || l.startsWith('error'));
}

function cascadePolicy(c: DeleteCommand['cascade']): string {
  return c === 'foreground' ? 'Foreground' : c === 'orphan' ? 'Orphan' : 'Background';
}
