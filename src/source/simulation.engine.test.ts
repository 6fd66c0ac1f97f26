import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../engine/scenario/types.ts';
import type { KubeObject } from '../domain/k8s/objects.ts';
import { handleRequest } from '../worker/host.ts';
import { loadTimeline } from './load-timeline.ts';
import { loadEngine } from './run-in-process.ts';
import { createSimulationSource } from './simulation-source.ts';
import { FakeWorker } from './testing/fake-worker.ts';

/** The real engine and the default scenario, end to end: scenario text → source → timeline. */
const scenarioText = readFileSync(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');
const scenarioFile = 'hello-deployment.scenario.yaml';

describe('hello-deployment through the real engine', async () => {
  const { timeline, loaded } = await loadTimeline(createSimulationSource({ scenarioText, scenarioFile }));
  const end = timeline.stateAt(timeline.endTime);

  it('ends with three Running pods of the Deployment web', () => {
    const pods = [...end.objects.values()].filter((o) => o.ref.kind === 'Pod');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.ref.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect((p.object as KubeObject & { status: { phase: string } }).status.phase).toBe('Running');
    }
    expect(end.objects.has('apps/v1/Deployment/default/web')).toBe(true);
  });

  it('has the pods in the etcd keyspace and the story in the Events', () => {
    for (const o of end.objects.values()) {
      if (o.ref.kind === 'Pod') expect(end.etcdKeys.has(`/registry/pods/default/${o.ref.name}`)).toBe(true);
    }
    const reasons = new Set(end.kubeEvents.map((e) => e.attrs?.reason));
    for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled']) expect(reasons).toContain(r);
  });

  it('returns the command outputs and one start and exit per command', () => {
    expect(loaded.outputs?.[0]).toMatchObject({ command: 'kubectl apply -f -', exitCode: 0, stdout: 'deployment.apps/web created\n' });
    expect(end.commands.filter((c) => c.attrs?.phase === 'start')).toHaveLength(loaded.outputs?.length ?? -1);
  });

  it('lays the actors out control plane first, then node by node', () => {
    const actors = timeline.actors();
    expect(actors.slice(0, 3)).toEqual(['user', 'kubectl', 'kube-apiserver']);
    const firstNodeActor = actors.findIndex((a) => a.endsWith('/node-1') || a.endsWith('/node-2'));
    expect(actors.slice(firstNodeActor).every((a) => /\/node-[12]$/.test(a))).toBe(true);
    expect(actors.indexOf('kubelet/node-1')).toBeLessThan(actors.indexOf('kubelet/node-2'));
  });

  it('traces a pod back to the user command that caused it', () => {
    const pod = [...end.objects.values()].find((o) => o.ref.kind === 'Pod');
    const chain = timeline.causalChain(timeline.objectHistory(`v1/Pod/default/${pod?.ref.name}`)[0]?.seq ?? -1);
    expect(chain[0]).toMatchObject({ kind: 'command', actor: 'user', op: 'kubectl apply -f -' });
  });

  it('gives the same trace for the same seed, a different one for another seed', async () => {
    const again = await createSimulationSource({ scenarioText, scenarioFile }).load();
    expect(again.events).toEqual(loaded.events);
    const other = await createSimulationSource({ scenarioText, scenarioFile, seed: 2 }).load();
    expect(other.header.seed).toBe(2);
    expect(other.events.map((e) => e.ref?.name)).not.toEqual(loaded.events.map((e) => e.ref?.name));
  });

  it('comes through the worker host unchanged', async () => {
    const engine = await loadEngine();
    const viaWorker = await createSimulationSource({ scenarioText, scenarioFile }, { createWorker: () => new FakeWorker((req) => handleRequest(req, engine)) }).load();
    expect(viaWorker.events).toEqual(loaded.events);
    expect(viaWorker.outputs).toEqual(loaded.outputs);
  });

  it('rejects a broken scenario with its ScenarioError, from the worker too', async () => {
    const broken = scenarioText.replace('steps:', 'stpes:');
    const inProcess = await createSimulationSource({ scenarioText: broken, scenarioFile }).load().catch((e: unknown) => e);
    expect(inProcess).toBeInstanceOf(ScenarioError);
    expect((inProcess as ScenarioError).file).toBe(scenarioFile);
    const engine = await loadEngine();
    const viaWorker = await createSimulationSource({ scenarioText: broken, scenarioFile }, { createWorker: () => new FakeWorker((req) => handleRequest(req, engine)) })
      .load()
      .catch((e: unknown) => e);
    expect(viaWorker).toBeInstanceOf(ScenarioError);
    expect((viaWorker as ScenarioError).message).toBe((inProcess as ScenarioError).message);
  });
});
