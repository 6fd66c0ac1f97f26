import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditPolicyFile } from '../engine/components/apiserver/audit-policy-file.ts';
import { main } from './main.ts';
import { memoryIO } from './test-io.ts';

/**
 * Integration: `kube-anatomy run examples/hello-deployment.scenario.yaml --audit-log FILE
 * --audit-policy-file examples/audit-policy.yaml` through the real engine. The policy drops
 * events and leases (None), logs pods at RequestResponse and the rest at Metadata; levels follow
 * staging/src/k8s.io/apiserver/pkg/audit/policy/checker.go (first matching rule), the bodies
 * pkg/audit/request.go LogRequestObject / LogResponseObject (from level Request, resp.
 * RequestResponse on).
 */
const EXAMPLE = 'examples/hello-deployment.scenario.yaml';
const POLICY = 'examples/audit-policy.yaml';
const example = readFileSync(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');
const policyText = readFileSync(new URL('../../examples/audit-policy.yaml', import.meta.url), 'utf8');

interface Event {
  level: string;
  stage: string;
  verb: string;
  objectRef?: { resource?: string; subresource?: string; name?: string };
  responseStatus?: { code: number };
  requestObject?: { kind?: string; metadata?: { name?: string; uid?: string } };
  responseObject?: { kind?: string; metadata?: { uid?: string; resourceVersion?: string } };
}

async function run(...flags: string[]): Promise<{ code: number; stderr: string; events: Event[] }> {
  const io = memoryIO({ [EXAMPLE]: example, [POLICY]: policyText });
  const code = await main(['run', EXAMPLE, '--audit-log', 'audit.log', ...flags], io);
  const lines = (io.files.get('audit.log') ?? '').split('\n').slice(0, -1);
  return { code, stderr: io.stderr, events: lines.map((l) => JSON.parse(l) as Event) };
}

const withPolicy = await run('--audit-policy-file', POLICY);
const byDefault = await run();
const resource = (e: Event): string => e.objectRef?.resource ?? '';
const isPod = (e: Event): boolean => resource(e) === 'pods' && !e.objectRef?.subresource;

describe('kube-anatomy run --audit-log --audit-policy-file examples/audit-policy.yaml (real engine)', () => {
  it('is the policy the test describes', () => {
    expect(parseAuditPolicyFile(policyText, POLICY)).toEqual({
      policy: {
        rules: [
          {
            level: 'None',
            resources: [
              { group: '', resources: ['events'] },
              { group: 'events.k8s.io', resources: ['events'] },
              { group: 'coordination.k8s.io', resources: ['leases'] },
            ],
          },
          { level: 'RequestResponse', resources: [{ group: '', resources: ['pods'] }] },
          { level: 'Metadata' },
        ],
      },
      warnings: [],
    });
  });

  it('drops events and leases, which the default policy logs', () => {
    expect(withPolicy.code).toBe(0);
    expect(withPolicy.stderr).toBe('');
    expect(byDefault.events.filter((e) => resource(e) === 'events').length).toBeGreaterThan(0);
    expect(byDefault.events.filter((e) => resource(e) === 'leases').length).toBeGreaterThan(0);
    expect(withPolicy.events.filter((e) => ['events', 'leases'].includes(resource(e)))).toEqual([]);
    expect(withPolicy.events.length).toBeLessThan(byDefault.events.length);
  });

  it('logs pods at RequestResponse, their subresources and everything else at Metadata', () => {
    const levels = new Map<string, Set<string>>();
    for (const e of withPolicy.events) {
      const key = isPod(e) ? 'pods' : `${resource(e)}/${e.objectRef?.subresource ?? ''}`;
      levels.set(key, (levels.get(key) ?? new Set()).add(e.level));
    }
    expect(levels.get('pods')).toEqual(new Set(['RequestResponse']));
    expect(levels.get('pods/binding')).toEqual(new Set(['Metadata']));
    expect(levels.get('pods/status')).toEqual(new Set(['Metadata']));
    expect(levels.get('deployments/')).toEqual(new Set(['Metadata']));
    for (const [key, set] of levels) if (key !== 'pods') expect(set, key).toEqual(new Set(['Metadata']));
  });

  it('writes requestObject and responseObject only at Request and RequestResponse', () => {
    const bodies = withPolicy.events.filter((e) => 'requestObject' in e || 'responseObject' in e);
    expect(bodies.length).toBeGreaterThan(0);
    for (const e of bodies) expect(['Request', 'RequestResponse']).toContain(e.level);
    for (const e of withPolicy.events.filter((x) => x.level === 'Metadata')) {
      expect(e).not.toHaveProperty('requestObject');
      expect(e).not.toHaveProperty('responseObject');
    }
    for (const e of byDefault.events) expect(Object.keys(e).filter((k) => k.endsWith('Object'))).toEqual([]);
    // No body has been read when the request comes in.
    for (const e of withPolicy.events.filter((x) => x.stage === 'RequestReceived')) expect(Object.keys(e).filter((k) => k.endsWith('Object'))).toEqual([]);
  });

  it("shows the ReplicaSet controller's pod creates in full: the pod sent and the pod stored", () => {
    const creates = withPolicy.events.filter((e) => isPod(e) && e.verb === 'create' && e.stage === 'ResponseComplete');
    expect(creates).toHaveLength(3);
    for (const c of creates) {
      expect(c.responseStatus?.code).toBe(201);
      expect(c.requestObject?.kind).toBe('Pod');
      // The controller sends no uid; the stored pod has one, and a resourceVersion.
      expect(c.requestObject?.metadata?.uid).toBeUndefined();
      expect(c.responseObject?.kind).toBe('Pod');
      expect(c.responseObject?.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.responseObject?.metadata?.resourceVersion).toMatch(/^\d+$/);
    }
    // Reads of pods carry what was answered and nothing sent.
    const reads = withPolicy.events.filter((e) => isPod(e) && (e.verb === 'get' || e.verb === 'list') && e.stage === 'ResponseComplete');
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) {
      expect(r).not.toHaveProperty('requestObject');
      expect(r.responseObject).toBeDefined();
    }
  });

  it('is the same, byte for byte, on a second run', async () => {
    expect(await run('--audit-policy-file', POLICY)).toEqual(withPolicy);
  });

  it('stops with the apiserver error, exit 1, for a policy the apiserver refuses', async () => {
    const io = memoryIO({ [EXAMPLE]: example, 'bad.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Full\n' });
    expect(await main(['run', EXAMPLE, '--audit-log', 'audit.log', '--audit-policy-file', 'bad.yaml'], io)).toBe(1);
    expect(io.stderr).toBe('bad.yaml:4:12: rules[0].level: Unsupported value: "Full": supported values: "None", "Metadata", "Request", "RequestResponse"\n');
    expect(io.stdout).toBe('');
    expect(io.files.has('audit.log')).toBe(false);
  });
});
