import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { KubectlContext } from './context.ts';

export interface DeletedObject {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  uid: string | undefined;
}

/**
 * `--wait` (delete.go → wait.IsDeleted): kubectl watches each deleted object with a field
 * selector on its name until a DELETED event for its uid arrives, or a GET finds it gone.
 * The simulated apiserver may not filter by metadata.name, so events are filtered here too.
 */
export function waitDeleted(ctx: KubectlContext, objects: DeletedObject[], cause: number, done: (seq: number) => void): void {
  let pending = objects.length;
  let last = cause;
  if (pending === 0) {
    done(cause);
    return;
  }
  const finished = (seq: number): void => {
    last = Math.max(last, seq);
    pending--;
    if (pending === 0) done(last);
  };
  for (const o of objects) {
    let gone = false;
    const markGone = (seq: number): void => {
      if (gone) return;
      gone = true;
      finished(seq);
    };
    ctx.api.watch(apiPath(o.info, o.namespace), { fieldSelector: `metadata.name=${o.name}` }, cause, (ev, d) => {
      const obj = ev.object as KubeObject;
      if (ev.type === 'DELETED' && obj.metadata?.name === o.name && (!o.uid || obj.metadata.uid === o.uid)) markGone(d.seq);
    });
    ctx.api.request('GET', apiPath(o.info, o.namespace, o.name), { cause }, (res, d) => {
      const obj = res.body as KubeObject | undefined;
      if (res.code === 404 || (o.uid && obj?.metadata?.uid !== o.uid)) markGone(d.seq);
    });
  }
}
