import { stringify } from 'yaml';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { lineDiff, type DiffLine } from './lineDiff.ts';

/** An object as `kubectl get -o yaml` shows it. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * The version of an object at the playhead and the one before it, from the object's history
 * (its `object` events in order) and the seq of the event that wrote the current version.
 * Bodies come from `attrs.object`, which the engine always records in full.
 */
export function versionPair(history: readonly TraceEvent[], currentSeq: number): { current: KubeObject | undefined; previous: KubeObject | undefined; previousSeq: number | undefined } {
  const i = history.findIndex((e) => e.seq === currentSeq);
  const body = (e: TraceEvent | undefined): KubeObject | undefined => (e && e.op !== 'DELETED' ? (e.attrs?.object as KubeObject | undefined) : undefined);
  const prev = i > 0 ? history[i - 1] : undefined;
  return { current: body(history[i]), previous: body(prev), previousSeq: prev?.seq };
}

/** The YAML line diff between two versions (everything added when there is no previous one). */
export function yamlDiff(previous: KubeObject | undefined, current: KubeObject | undefined): DiffLine[] {
  return lineDiff(previous ? toYaml(previous) : '', current ? toYaml(current) : '');
}
