import { describe, expect, it } from 'vitest';
import { criFullMethod, criStateForOci, exitReason, IMAGE_SERVICE_RPCS, RPC_INTRODUCED_IN, RUNTIME_SERVICE_RPCS, STREAMING_RPCS } from './api.ts';

describe('CRI RPC lists', () => {
  it('has the 37 runtime and 6 image RPCs of cri-api HEAD, without duplicates', () => {
    expect(RUNTIME_SERVICE_RPCS).toHaveLength(37);
    expect(IMAGE_SERVICE_RPCS).toHaveLength(6);
    expect(new Set(RUNTIME_SERVICE_RPCS).size).toBe(37);
    expect(RUNTIME_SERVICE_RPCS).toEqual(expect.arrayContaining(['RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'CreateContainer', 'StartContainer', 'StopContainer', 'RemoveContainer', 'ExecSync', 'GetContainerEvents', 'Status', 'Version']));
    expect(IMAGE_SERVICE_RPCS).toEqual(['ListImages', 'StreamImages', 'ImageStatus', 'PullImage', 'RemoveImage', 'ImageFsInfo']);
  });

  it('counts 29 + 5 RPCs at v0.30.0, as DOMAIN.md 6 records', () => {
    const at030 = (rpcs: readonly string[]) => rpcs.filter((r) => RPC_INTRODUCED_IN[r] === undefined).length;
    expect(at030(RUNTIME_SERVICE_RPCS)).toBe(29);
    expect(at030(IMAGE_SERVICE_RPCS)).toBe(5);
  });

  it('names every streaming RPC among the declared ones', () => {
    for (const r of STREAMING_RPCS) expect([...RUNTIME_SERVICE_RPCS, ...IMAGE_SERVICE_RPCS]).toContain(r);
  });

  it('builds gRPC full method names per service', () => {
    expect(criFullMethod('RunPodSandbox')).toBe('/runtime.v1.RuntimeService/RunPodSandbox');
    expect(criFullMethod('PullImage')).toBe('/runtime.v1.ImageService/PullImage');
  });
});

describe('CRI state and reason mapping', () => {
  it('maps OCI statuses to CRI container states', () => {
    expect(criStateForOci('created')).toBe('CONTAINER_CREATED');
    expect(criStateForOci('creating')).toBe('CONTAINER_CREATED');
    expect(criStateForOci('running')).toBe('CONTAINER_RUNNING');
    expect(criStateForOci('paused')).toBe('CONTAINER_RUNNING');
    expect(criStateForOci('stopped')).toBe('CONTAINER_EXITED');
    expect(criStateForOci(undefined)).toBe('CONTAINER_UNKNOWN');
  });

  it('gives the exit reasons recorded in the real CRI capture', () => {
    expect(exitReason(0)).toBe('Completed');
    expect(exitReason(1)).toBe('Error');
    expect(exitReason(137, true)).toBe('OOMKilled');
  });
});
