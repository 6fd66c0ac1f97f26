import { describe, expect, it } from 'vitest';
import { pullFailure, rpcError } from './pull-errors.ts';

describe('pull failures as containerd 2.1 reports them (internal/cri/server/images/image_pull.go, core/remotes/docker/resolver.go)', () => {
  it('pulls what the registry has', () => {
    expect(pullFailure('nginx:1.27')).toBeUndefined();
    expect(pullFailure('registry.k8s.io/pause:3.10')).toBeUndefined();
  });

  it('says not found for a tag the registry does not have', () => {
    const f = pullFailure('nginx:doesnotexist');
    expect(f).toMatchObject({ code: 'NotFound', headStatus: 404, dockerHub: true });
    expect(rpcError(f!)).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
  });

  it('says pull access denied for a repository Docker Hub does not have', () => {
    expect(rpcError(pullFailure('busybox888')!)).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/busybox888:latest": failed to resolve reference "docker.io/library/busybox888:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('says not found for an unknown repository elsewhere', () => {
    expect(pullFailure('registry.example.com/team/web:2.0')).toMatchObject({ code: 'NotFound', headStatus: 404, dockerHub: false });
  });
});
