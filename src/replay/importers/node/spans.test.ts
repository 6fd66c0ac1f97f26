import { describe, expect, it } from 'vitest';
import { publicSample } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import { jaegerImporter } from './jaeger.ts';
import { otlpImporter } from './otlp.ts';
import { runImporter } from './run-importer.ts';

// No OTLP exporter can run here (containerd 1.6 of Debian has none built in, no kubelet or
// apiserver binaries): the public samples when present, and the mapping on one request line.
describe('OTLP and Jaeger importers', () => {
  it('maps a kubelet CRI client span to a message, syncPod to a span with the pod key, parents to causes', () => {
    const req = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'kubelet' } }, { key: 'host.name', value: { stringValue: 'node-2' } }] },
          scopeSpans: [
            {
              scope: { name: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc' },
              spans: [
                { traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174', name: 'syncPod', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: 1700000000500000000, kind: 1, attributes: [{ key: 'k8s.pod.uid', value: { stringValue: 'uid-1' } }] },
                { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b175', parentSpanId: 'eee19b7ec3c1b174', name: 'runtime.v1.RuntimeService/RunPodSandbox', startTimeUnixNano: '1700000000100000000', endTimeUnixNano: '1700000000300000999', kind: 3, attributes: [{ key: 'rpc.method', value: { stringValue: 'RunPodSandbox' } }] },
              ],
            },
          ],
        },
      ],
    };
    const r = runImporter(otlpImporter, `${JSON.stringify(req)}\n{"resourceSpans": 3}\n`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 2 });
    const [sync, run] = r.events;
    expect(sync).toMatchObject({ kind: 'span', actor: 'kubelet/node-2', op: 'syncPod', at: 1700000000000000, dur: 500000, keys: ['span:5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174', 'obj:uid-1'] });
    expect(run).toMatchObject({ kind: 'message', actor: 'kubelet/node-2', to: 'containerd/node-2', op: 'RunPodSandbox', dur: 200000, causes: [{ key: 'span:5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174', confidence: 'observed' }] });
  });

  // The public samples are read when this machine has them (../shared/traces/public); the tests exist only then.
  if (publicSample('otel/otlp_examples_trace.json') !== undefined) it('reads the opentelemetry-proto example (pretty printed)', () => {
    const r = runImporter(otlpImporter, publicSample('otel/otlp_examples_trace.json') as string);
    expect(r.errors).toEqual([]);
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events[0]?.actor).toBe('my.service');
    expect(r.events[0]?.keys?.[0]).toMatch(/^span:[0-9a-f]{32}\/[0-9a-f]{16}$/);
  });

  if (publicSample('otel/jaeger_ui_01_fixture.json') !== undefined) it('reads the Jaeger UI fixture: references become causes, ids padded', () => {
    const r = runImporter(jaegerImporter, publicSample('otel/jaeger_ui_01_fixture.json') as string);
    expect(r.errors).toEqual([]);
    expect(r.events.length).toBeGreaterThan(1);
    expect(r.events.every((e) => /^span:[0-9a-f]{32}\/[0-9a-f]{16}$/.test(e.keys?.[0] ?? ''))).toBe(true);
    expect(r.events.some((e) => (e.causes ?? []).length > 0)).toBe(true);
  });

  it('Jaeger: a document that is not Jaeger JSON is reported', () => {
    const r = runImporter(jaegerImporter, '{"foo": 1}\n');
    expect(r.errors[0]?.reason).toMatch(/not Jaeger JSON/);
  });
});
