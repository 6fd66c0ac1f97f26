import { describe, expect, it } from 'vitest';
import { goJson, ociCreatedTime, ociStateJson, ociStateText } from './state-json.ts';

// runc 1.1.5 state.go (json.MarshalIndent, two spaces) and crun 1.8.1 libcrun_container_state
// (yajl beautify, four spaces, a newline after yajl's); the real outputs are in
// tests/real/fixtures/{runc,crun}/lifecycle.json (the `state` cases).
const facts = { id: 'web-0', status: 'running' as const, pid: 4242, bundle: '/b', created: '2026-12-01T22:35:51.317094882Z' };

describe('runc state', () => {
  it('prints runc 1.1.5 fields in its order, with the pid only while init lives', () => {
    expect(ociStateText('runc', facts)).toBe(
      '{\n  "ociVersion": "1.0.2-dev",\n  "id": "web-0",\n  "pid": 4242,\n  "status": "running",\n  "bundle": "/b",\n  "rootfs": "/b/rootfs",\n  "created": "2026-12-01T22:35:51.317094882Z",\n  "owner": ""\n}',
    );
    expect(ociStateJson({ ...facts, status: 'stopped' })['pid']).toBe(0);
  });
  it('puts annotations before owner, HTML-escaped as Go does', () => {
    const text = ociStateText('runc', { ...facts, annotations: { 'io.kubernetes.cri.container-type': 'a<b' } });
    expect(text).toContain('"annotations": {\n    "io.kubernetes.cri.container-type": "a\\u003cb"\n  },\n  "owner": ""');
    expect(goJson('"&>"')).toBe('"\\u0026\\u003e"');
  });
});

describe('crun state', () => {
  it('prints crun 1.8.1 fields, four-space indent and an empty line at the end', () => {
    expect(ociStateText('crun', { ...facts, created: '2026-12-01T22:36:47.933022Z' })).toBe(
      '{\n    "ociVersion": "1.0.0",\n    "id": "web-0",\n    "pid": 4242,\n    "status": "running",\n    "bundle": "/b",\n    "rootfs": "/b/rootfs",\n    "created": "2026-12-01T22:36:47.933022Z",\n    "systemd-scope": "",\n    "owner": "root"\n}\n\n',
    );
  });
});

describe('created time stamps', () => {
  it('formats nanoseconds for runc (trailing zeros dropped) and microseconds for crun', () => {
    const t = Date.UTC(2026, 11, 1, 22, 35, 51) * 1000 + 317_090;
    expect(ociCreatedTime('runc', t)).toBe('2026-12-01T22:35:51.31709Z');
    expect(ociCreatedTime('crun', t)).toBe('2026-12-01T22:35:51.317090Z');
    expect(ociCreatedTime('runc', Date.UTC(2026, 0, 1) * 1000)).toBe('2026-01-01T00:00:00Z');
  });
});
