import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { ApiClient, type ClientIdentity } from '../../api/client.ts';
import { EventRecorder } from '../../api/event-recorder.ts';
import type { HttpMethod, HttpResponse } from '../../api/http.ts';
import { Informer, type InformerHandlers } from '../../api/informer.ts';
import { WorkQueue } from '../../api/workqueue.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { controllerMachine } from './controller.machine.ts';

/** Time one sync spends computing before its first request (µs). */
const SYNC_COMPUTE = 150;

/**
 * What every controller of kube-controller-manager shares: informers feeding a workqueue of
 * keys, one worker running `sync(key)` through the `controller` machine, an API client and an
 * event recorder. Subclasses implement `sync` and say which informers they need.
 */
export abstract class Controller implements Actor {
  readonly client: ApiClient;
  readonly events: EventRecorder;
  protected readonly queue = new WorkQueue();
  protected readonly machine: MachineInstance<typeof controllerMachine>;
  private readonly informers: Informer[] = [];
  private scheduled = false;
  private readonly delayed = new Set<string>();

  constructor(
    protected readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
    /** The span name of one sync, as the Go function is called (`syncDeployment`). */
    private readonly syncName: string,
    identity: ClientIdentity,
    eventComponent: string,
  ) {
    this.client = new ApiClient(sim, id, identity);
    this.events = new EventRecorder(sim, id, this.client, { component: eventComponent });
    this.machine = sim.startMachine(controllerMachine, { actor: id, machine: 'controller' });
  }

  protected informer(path: string, handlers: InformerHandlers): Informer {
    const inf = new Informer(this.client, path, {
      ...handlers,
      onSynced: (cause) => {
        if (this.informers.every((i) => i.synced)) {
          this.machine.send({ type: 'INFORMERS_SYNCED' }, cause);
          this.kick();
        }
      },
    });
    this.informers.push(inf);
    return inf;
  }

  start(): void {
    for (const inf of this.informers) inf.start();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  /** Queues a key; the worker picks it up as soon as it is free. */
  enqueue(key: string, cause: number): void {
    this.queue.add(key, cause);
    this.kick();
  }

  private kick(): void {
    if (this.scheduled || this.machine.state !== 'idle' || this.queue.length === 0) return;
    this.scheduled = true;
    this.sim.after(0, () => {
      this.scheduled = false;
      this.work();
    });
  }

  private work(): void {
    if (this.machine.state !== 'idle') return;
    const item = this.queue.get();
    if (!item) return;
    this.machine.send({ type: 'SYNC' }, item.cause);
    const spanSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: this.syncName, dur: SYNC_COMPUTE, cause: this.machine.stateSeq, attrs: { key: item.key } });
    this.sim.after(SYNC_COMPUTE, () => {
      this.sync(item.key, spanSeq, () => {
        this.queue.done(item.key);
        this.machine.send({ type: 'SYNCED' });
        this.kick();
      });
    });
  }

  /**
   * AddAfter: look at a key again later. A background timer: a controller waiting for a
   * deadline does not keep the cluster from being settled.
   */
  protected requeueAfter(key: string, delay: number): void {
    if (this.delayed.has(key)) return;
    this.delayed.add(key);
    this.sim.after(delay, () => {
      this.delayed.delete(key);
      this.enqueue(key, this.machine.stateSeq);
    }, { background: true, label: `${this.syncName} requeue` });
  }

  /** Reconciles one key; must call `done` exactly once, after its requests are answered. */
  protected abstract sync(key: string, cause: number, done: () => void): void;

  /** A request whose answer is awaited, as a promise-free callback chain. */
  protected call(method: HttpMethod, path: string, body: unknown, cause: number, then: (res: HttpResponse, seq: number) => void): void {
    this.client.request(method, path, { body, cause }, (res, delivery) => then(res, delivery.seq));
  }

  protected static ownerUid(obj: KubeObject): string | undefined {
    return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
  }
}
