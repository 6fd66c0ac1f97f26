import type { ObjectRef } from '../../../trace/schema.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';

/** The ImageService RPCs; every other call goes to the RuntimeService. */
const IMAGE_SERVICE = new Set(['PullImage', 'ImageStatus', 'ListImages', 'RemoveImage', 'ImageFsInfo']);

/** A CRI response, or the gRPC error the runtime answered with (`error`). */
export type CriResponse = Record<string, unknown> & { error?: string };

/**
 * The kubelet's CRI client (k8s.io/cri-client remote_runtime.go, remote_image.go): one gRPC call
 * is one message to the runtime and one back, traced with the service and the request.
 */
export class CriClient {
  private readonly pending = new Map<number, (res: CriResponse, delivery: Delivery) => void>();

  constructor(
    private readonly sim: Simulation,
    private readonly from: string,
    readonly runtime: string,
  ) {}

  call(op: string, request: Record<string, unknown>, cause: number, ref: ObjectRef | undefined, then: (res: CriResponse, delivery: Delivery) => void): void {
    const service = IMAGE_SERVICE.has(op) ? 'runtime.v1.ImageService' : 'runtime.v1.RuntimeService';
    const { id } = this.sim.network.send(this.from, this.runtime, op, { payload: request, cause, ...(ref ? { ref } : {}), attrs: { service, request } });
    this.pending.set(id, then);
  }

  /** Hands a reply to its caller; false when the message is not a CRI reply. */
  handle(msg: Delivery): boolean {
    if (msg.from !== this.runtime || msg.replyTo === undefined) return false;
    const then = this.pending.get(msg.replyTo);
    this.pending.delete(msg.replyTo);
    then?.(msg.payload as CriResponse, msg);
    return true;
  }
}

/** The gRPC status message of a CRI error: what follows `desc = ` (grpcstatus.FromError(err).Message()). */
export function grpcMessage(error: string): string {
  const i = error.indexOf(' desc = ');
  return i < 0 ? error : error.slice(i + ' desc = '.length);
}
