import { backOffPullingImage, failedToPullImage, imageAlreadyPresent, imageNeverPull, imagePullBackOffMessage, pulledImage, pullingImage } from '../../../domain/events/messages.ts';
import { imageInfo } from '../../../domain/images/catalog.ts';
import type { Container, Pod } from '../../../domain/k8s/objects.ts';
import { Backoff, IMAGE_PULL_BACKOFF } from '../../../domain/pod/backoff.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import type { CriClient } from './cri-client.ts';
import type { KubeletEventSink } from './event-sink.ts';

/** A start failure as the kubelet names it (images/types.go, kuberuntime errors): the reason and its message. */
export interface StartError {
  reason: string;
  message: string;
}

/**
 * The kubelet's image manager (pkg/kubelet/images/image_manager.go EnsureImageExists, 1.34):
 * ImageStatus; "already present" when the policy lets the kubelet use what is there; a pull
 * policy of Never without the image is ErrImageNeverPull; while the pull back-off
 * (`<pod uid>_<image>`, 10 s → 300 s) runs since the last failure it says "Back-off pulling
 * image" and fails with ImagePullBackOff (its message carrying the last pull error); otherwise
 * Pulling, PullImage, and Pulled — or Failed, the back-off moved on, and ErrImagePull.
 */
export class ImageManager {
  private readonly backoff = new Backoff(IMAGE_PULL_BACKOFF);
  /** The last pull error per back-off key, for the ImagePullBackOff message (kubernetes#127918). */
  private readonly lastPullError = new Map<string, string>();

  constructor(
    private readonly sim: Simulation,
    private readonly cri: CriClient,
    private readonly events: KubeletEventSink,
  ) {}

  ensureImageExists(pod: Pod, container: Container, fieldPath: string, sandboxConfig: Record<string, unknown>, cause: number, then: (result: { imageRef: string } | StartError, seq: number) => void): void {
    const image = container.image;
    const ref = refOf(pod);
    this.cri.call('ImageStatus', { image: { image }, verbose: false }, cause, ref, (res, delivery) => {
      const present = (res.image as { id?: string } | null | undefined)?.id;
      const policy = container.imagePullPolicy ?? 'IfNotPresent';
      if (policy === 'Never' || (present && policy !== 'Always')) {
        if (present) {
          then({ imageRef: present }, this.events.record(pod, imageAlreadyPresent(image), delivery.seq, fieldPath));
          return;
        }
        const spec = imageNeverPull(image);
        then({ reason: 'ErrImageNeverPull', message: spec.message }, this.events.record(pod, spec, delivery.seq, fieldPath));
        return;
      }
      const key = `${pod.metadata.uid ?? ''}_${image}`;
      if (this.backoff.isInBackOffSinceUpdate(key, this.sim.now)) {
        const seq = this.events.record(pod, backOffPullingImage(image), delivery.seq, fieldPath);
        then({ reason: 'ImagePullBackOff', message: imagePullBackOffMessage(image, this.lastPullError.get(key)) }, seq);
        return;
      }
      const requested = this.sim.now;
      const pullingSeq = this.events.record(pod, pullingImage(image), delivery.seq, fieldPath);
      this.cri.call('PullImage', { image: { image, userSpecifiedImage: image }, sandboxConfig }, pullingSeq, ref, (pulled, d2) => {
        if (pulled.error) {
          const seq = this.events.record(pod, failedToPullImage(image, pulled.error), d2.seq, fieldPath);
          this.backoff.next(key, this.sim.now, this.sim.now);
          this.lastPullError.set(key, pulled.error);
          then({ reason: 'ErrImagePull', message: pulled.error }, seq);
          return;
        }
        const took = this.sim.now - requested;
        this.backoff.gc(this.sim.now);
        const seq = this.events.record(pod, pulledImage(image, took, took, imageInfo(image).sizeBytes), d2.seq, fieldPath);
        then({ imageRef: pulled.imageRef as string }, seq);
      });
    });
  }
}
