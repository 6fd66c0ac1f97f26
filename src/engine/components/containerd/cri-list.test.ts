import { describe, expect, it } from 'vitest';
import { imageInfo } from '../../../domain/images/catalog.ts';
import { criImage, listImagesResponse } from './cri-list.ts';

// containerd 2.1 internal/cri/server/images/image_list.go (ListImages, toCRIImage) and
// helpers getUserFromImage: a numeric User is the uid, a name the username.
describe('ListImages (containerd CRI plugin)', () => {
  it('answers every image of the store, with the tag, repo digest, id and size as a uint64 string', () => {
    const nginx = imageInfo('nginx:1.27');
    expect(criImage(nginx)).toEqual({ id: nginx.id, repoTags: ['docker.io/library/nginx:1.27'], repoDigests: [nginx.repoDigest], size: String(nginx.sizeBytes), username: '', pinned: false });
    expect(listImagesResponse([nginx, imageInfo('registry.k8s.io/pause:3.10')]).images).toHaveLength(2);
  });

  it('gives the pause image (User 65535:65535) its uid', () => {
    expect(criImage(imageInfo('registry.k8s.io/pause:3.10'))).toMatchObject({ uid: { value: '65535' }, username: '' });
  });
});
