import { describe, expect, it } from 'vitest';
import { crunList, logrusError, ociState, runcList, type StateDirEntry } from './print.ts';

/** 2026-01-01T09:00:01.062Z in Unix µs. */
const T = 1_767_258_001_062_000;
const bundle = (id: string): string => `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`;
const entries: StateDirEntry[] = [
  { id: 'bbb', status: 'running', pid: 4103, bundle: bundle('bbb'), createdUnixMicros: T, annotations: { 'io.kubernetes.cri.sandbox-id': 'bbb', 'io.kubernetes.cri.container-type': 'sandbox' } },
  { id: 'aaa', status: 'stopped', pid: 4106, bundle: bundle('aaa'), createdUnixMicros: T + 4_936_060, annotations: {} },
];

describe('runc list (runc 1.1.5 list.go)', () => {
  it('prints the table through tabwriter.NewWriter(os.Stdout, 12, 1, 3, \' \', 0), sorted by ID (os.ReadDir), pid 0 once stopped', () => {
    expect(runcList(entries, 'table', false).stdout).toBe(
      [
        'ID          PID         STATUS      BUNDLE                                                     CREATED                      OWNER',
        'aaa         0           stopped     /run/containerd/io.containerd.runtime.v2.task/k8s.io/aaa   2026-01-01T09:00:05.99806Z   root',
        'bbb         4103        running     /run/containerd/io.containerd.runtime.v2.task/k8s.io/bbb   2026-01-01T09:00:01.062Z     root',
        '',
      ].join('\n'),
    );
  });

  it('prints only the header over an empty root (plain `runc list` on a containerd node: /run/runc is empty)', () => {
    expect(runcList([], 'table', false).stdout).toBe('ID          PID         STATUS      BUNDLE      CREATED     OWNER\n');
  });

  it('-q prints the IDs; -f json is json.NewEncoder(...).Encode of []containerState (null when empty, map keys sorted)', () => {
    expect(runcList(entries, 'table', true).stdout).toBe('aaa\nbbb\n');
    expect(runcList([], 'json', false).stdout).toBe('null\n');
    const json = runcList(entries, 'json', false).stdout;
    expect(json.endsWith('}]\n')).toBe(true);
    expect(json.split('\n')).toHaveLength(2);
    const parsed = JSON.parse(json) as Record<string, unknown>[];
    expect(Object.keys(parsed[1] ?? {})).toEqual(['ociVersion', 'id', 'pid', 'status', 'bundle', 'rootfs', 'created', 'annotations', 'owner']);
    expect(Object.keys(parsed[0] ?? {})).not.toContain('annotations');
    expect(Object.keys((parsed[1]?.annotations ?? {}) as object)).toEqual(['io.kubernetes.cri.container-type', 'io.kubernetes.cri.sandbox-id']);
    expect(parsed[1]?.owner).toBe('root');
  });

  it('refuses any other format with "invalid format option"', () => {
    expect(runcList(entries, 'yaml', false)).toEqual({ exitCode: 1, stdout: '', error: 'invalid format option' });
  });
});

describe('runc state / crun state (runc state.go, crun libcrun_container_state)', () => {
  it('runc: the indented containerState with owner "" and no newline at the end; crun: four spaces and its own fields', () => {
    const runc = ociState('runc', entries, 'bbb') ?? '';
    expect(runc.startsWith('{\n  "ociVersion": "1.0.2-dev",\n  "id": "bbb",\n  "pid": 4103,\n  "status": "running",')).toBe(true);
    expect(runc.endsWith('  "owner": ""\n}')).toBe(true);
    const crun = ociState('crun', entries, 'aaa') ?? '';
    expect(crun).toContain('    "pid": 0,\n    "status": "stopped",');
    expect(crun).toContain('"created": "2026-01-01T09:00:05.998060Z"');
    expect(ociState('runc', entries, 'nope')).toBeUndefined();
  });
});

describe('crun list (crun src/list.c)', () => {
  it('prints printf("%-30s%-10s%-10s%s\\n") rows newest first, names not cut; -q the names', () => {
    expect(crunList(entries, false).stdout).toBe(
      'NAME                          PID       STATUS    BUNDLE PATH\n' +
        'aaa                           0         stopped   /run/containerd/io.containerd.runtime.v2.task/k8s.io/aaa\n' +
        'bbb                           4103      running   /run/containerd/io.containerd.runtime.v2.task/k8s.io/bbb\n',
    );
    expect(crunList([...entries].reverse(), true).stdout).toBe('bbb\naaa\n');
  });
});

describe("runc's fatal errors through logrus (runc utils.go fatalWithCode, logrus TextFormatter)", () => {
  it('writes key=value fields without a terminal and the short form on one', () => {
    expect(logrusError('container does not exist', T, false)).toBe('time="2026-01-01T09:00:01Z" level=error msg="container does not exist"\n');
    expect(logrusError('container does not exist', T, true)).toBe('ERRO[0000] container does not exist\n');
  });
});
