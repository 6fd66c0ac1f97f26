import type { KubeObject } from '../../domain/k8s/objects.ts';
import type { ApiClient } from './client.ts';
import type { WatchEvent } from './http.ts';

export interface InformerHandlers {
  onAdd?(obj: KubeObject, cause: number): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject, cause: number): void;
  onDelete?(obj: KubeObject, cause: number): void;
  /** Called once the initial events have arrived (HasSynced). */
  onSynced?(cause: number): void;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key informers and workqueues use. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

/**
 * A shared informer (client-go tools/cache), reduced: a watch with a streaming initial list
 * (`sendInitialEvents=true`, DOMAIN.md 2.3) keeps a local store that listers read from, and
 * handlers are called for each change. The DeltaFIFO and resync come with the control-plane issue.
 */
export class Informer {
  readonly store = new Map<string, KubeObject>();
  synced = false;

  constructor(
    private readonly client: ApiClient,
    private readonly path: string,
    private readonly handlers: InformerHandlers,
    private readonly fieldSelector?: string,
  ) {}

  start(cause?: number): void {
    const query: Record<string, string> = {
      allowWatchBookmarks: 'true',
      resourceVersionMatch: 'NotOlderThan',
      sendInitialEvents: 'true',
    };
    if (this.fieldSelector) query.fieldSelector = this.fieldSelector;
    this.client.watch(this.path, query, cause, (ev, delivery) => this.onEvent(ev, delivery.seq));
  }

  list(): KubeObject[] {
    return [...this.store.values()];
  }

  get(key: string): KubeObject | undefined {
    return this.store.get(key);
  }

  private onEvent(ev: WatchEvent, cause: number): void {
    if (ev.type === 'BOOKMARK') {
      if (!this.synced && ev.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true') {
        this.synced = true;
        this.handlers.onSynced?.(cause);
      }
      return;
    }
    if (ev.type === 'ERROR') return;
    const key = keyOf(ev.object);
    const old = this.store.get(key);
    if (ev.type === 'DELETED') {
      this.store.delete(key);
      this.handlers.onDelete?.(ev.object, cause);
      return;
    }
    this.store.set(key, ev.object);
    if (old) this.handlers.onUpdate?.(old, ev.object, cause);
    else this.handlers.onAdd?.(ev.object, cause);
  }
}
