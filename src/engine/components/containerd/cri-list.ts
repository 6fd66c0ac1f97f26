import type { ImageInfo } from '../../../domain/images/catalog.ts';
import { imageConfigFor } from '../../../domain/containerd/images.ts';

/**
 * ListImages (containerd 2.1 internal/cri/server/images/image_list.go ListImages): every image
 * in the CRI plugin's image store as a runtime.v1 Image (toCRIImage). containerd does not apply
 * the request's filter (the handler ignores it; crictl's name argument lists everything).
 * uid/username come from the image config's User as getUserFromImage reads it: a numeric user
 * (the part before ":") is the uid, any other is the username.
 */
export function listImagesResponse(images: Iterable<ImageInfo>): Record<string, unknown> {
  return { images: [...images].map(criImage) };
}

export function criImage(info: ImageInfo): Record<string, unknown> {
  const user = (imageConfigFor(info.normalized).User ?? '').split(':')[0] ?? '';
  const image: Record<string, unknown> = { id: info.id, repoTags: [info.normalized], repoDigests: [info.repoDigest], size: String(info.sizeBytes) };
  if (/^\d+$/.test(user)) image.uid = { value: user };
  image.username = /^\d+$/.test(user) ? '' : user;
  image.pinned = false;
  return image;
}
