import { describe, expect, it } from 'vitest';
import type { PodView } from './pod-view.ts';
import { printAppList, printAppStatus, printList, printListJson, printStatus } from './print-pods.ts';
import { defaultNetInfo } from './network.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0) * 1000;
const S = 1_000_000;
const U = '1f752f5c-6046-4458-8105-832227a07cfa';

const pod: PodView = {
  uuid: U,
  state: 'running',
  nets: [defaultNetInfo('172.16.28.2', 'eth0')],
  createdAt: T0,
  startedAt: T0 + 500_000,
  pid: 4242,
  mutable: false,
  apps: [
    { name: 'etcd', imageName: 'coreos.com/etcd:v3.1.7', imageId: 'sha512-e7a54697d04d0000000000000000000000', state: 'running' },
    { name: 'redis', imageName: 'registry-1.docker.io/library/redis:4.0.6', imageId: 'sha512-eb03c7ec1861000000000', state: 'running' },
  ],
};

describe('rkt list (rkt/list.go)', () => {
  it("prints the talk's table: the pod's UUID, state, times and networks on its first app's row only, columns padded with tabs", () => {
    expect(printList([pod], { nowUs: T0 + 8 * S })).toBe(
      'UUID\t\tAPP\tIMAGE NAME\t\t\t\t\tSTATE\tCREATED\t\tSTARTED\t\tNETWORKS\n' +
        '1f752f5c\tetcd\tcoreos.com/etcd:v3.1.7\t\t\t\trunning\t8 seconds ago\t8 seconds ago\tdefault:ip4=172.16.28.2\n' +
        '\t\tredis\tregistry-1.docker.io/library/redis:4.0.6\t\t\t\t\t\t\n',
    );
  });

  it('prints "-" for a sandbox with no app, and --full with the whole UUID and IMAGE ID', () => {
    const empty: PodView = { ...pod, apps: [] };
    expect(printList([empty], { nowUs: T0 + 61 * S, noLegend: true })).toBe('1f752f5c\t-\t-\trunning\t1 minute ago\t1 minute ago\tdefault:ip4=172.16.28.2\n');
    const full = printList([pod], { nowUs: T0, full: true }).split('\n')[1] ?? '';
    expect(full.startsWith(`${U}\tetcd\tcoreos.com/etcd:v3.1.7\t`)).toBe(true);
    expect(full).toContain('sha512-e7a54697d04d\trunning\t2026-01-01 09:00:00 +0000 UTC');
  });

  it('--format=json prints api/v1 pods (started_at in seconds, app times in ns) or null', () => {
    expect(printListJson([], 'json')).toBe('null\n');
    const v = JSON.parse(printListJson([pod], 'json')) as { name: string; app_names: string[]; networks: { netName: string; ip: string }[]; started_at: number }[];
    expect(v[0]).toMatchObject({ name: U, app_names: ['etcd', 'redis'], started_at: Math.floor((T0 + 500_000) / S) });
    expect(v[0]?.networks[0]).toMatchObject({ netName: 'default', ip: '172.16.28.2', ifName: 'eth0', netConf: 'net/99-default.conf' });
  });
});

describe('rkt status (rkt/status.go printStatus)', () => {
  it('prints state, created, started, networks, pid and exited for a running pod', () => {
    expect(printStatus(pod)).toBe('state=running\ncreated=2026-01-01 09:00:00 +0000 UTC\nstarted=2026-01-01 09:00:00.5 +0000 UTC\nnetworks=default:ip4=172.16.28.2\npid=4242\nexited=false\n');
  });

  it('adds each app exit code once the pod exited, without networks', () => {
    const exited: PodView = { ...pod, state: 'exited', apps: pod.apps?.map((a) => ({ ...a, exitCode: 0 })) };
    expect(printStatus(exited)).toBe('state=exited\ncreated=2026-01-01 09:00:00 +0000 UTC\nstarted=2026-01-01 09:00:00.5 +0000 UTC\npid=4242\nexited=true\napp-etcd=0\napp-redis=0\n');
  });
});

describe('rkt app list / app status (rkt/app_list.go, app_status.go)', () => {
  it('lists NAME and STATE', () => {
    expect(printAppList(pod.apps ?? [])).toBe('NAME\tSTATE\netcd\trunning\nredis\trunning\n');
  });

  it('prints key=value lines; mounts= gets its own line and a blank one after (the logger adds newlines)', () => {
    const app = { name: '0-nginx', imageName: '', imageId: 'sha512-x', state: 'running' as const, createdAt: T0, startedAt: T0 + S, mounts: [{ name: 'v', containerPath: '/etc/hosts', hostPath: '/var/lib/kubelet/pods/u/etc-hosts', readOnly: false }] };
    expect(printAppStatus(app)).toBe('name=0-nginx\nstate=running\nimage_id=sha512-x\ncreated_at=2026-01-01 09:00:00 +0000 UTC\nstarted_at=2026-01-01 09:00:01 +0000 UTC\nmounts=\n/var/lib/kubelet/pods/u/etc-hosts:/etc/hosts:(read_only:false)\n\n');
  });
});
