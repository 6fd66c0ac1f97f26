import { describe, expect, it } from 'vitest';
import { runIp } from './ip.ts';

describe('ip netns list (iproute2 ip/ipnetns.c netns_list)', () => {
  it('prints each namespace with its id, in the order given (newest first)', () => {
    const r = runIp(['netns', 'list'], [{ name: 'cni-a08f779f-ce1e-771b-b174-20ba662e6b7e', nsid: 0 }, { name: 'cni-b', nsid: undefined as unknown as number }]);
    expect(r).toEqual({ exitCode: 0, stdout: 'cni-a08f779f-ce1e-771b-b174-20ba662e6b7e (id: 0)\ncni-b\n', stderr: '' });
  });

  it('prints nothing when there is none, and accepts `ip netns` and prefixes', () => {
    expect(runIp(['netns'], []).stdout).toBe('');
    expect(runIp(['netn', 'l'], [{ name: 'x', nsid: 1 }]).stdout).toBe('x (id: 1)\n');
  });

  it('refuses what it does not simulate', () => {
    expect(runIp(['link', 'show'], []).exitCode).toBe(255);
    expect(runIp([], []).stderr).toBe('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n');
  });
});
