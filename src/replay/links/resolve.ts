import type { RawEvent } from '../types.ts';
import { isSameThingKey } from './keys.ts';

/** The link chosen for one event: its `cause` and what to record about it in `attrs`. */
export interface ResolvedLink<N> {
  cause?: N;
  rule?: string;
  inferred?: boolean;
  /** The other observation of the same thing (an etcd revision seen twice). */
  sameAs?: N;
}

/**
 * Resolves `raw.causes` (most specific first) against the events already emitted: the first key
 * that some emitted event established wins, and its first such event becomes the cause. Without
 * a cause, an equal "same thing" key (links/keys.ts) from another file links the two observations.
 */
export function resolveLink<N extends { file: number }>(
  raw: RawEvent,
  self: N,
  firstEmitted: (key: string) => N | undefined,
): ResolvedLink<N> {
  const out: ResolvedLink<N> = {};
  for (const c of raw.causes ?? []) {
    const holder = firstEmitted(c.key);
    if (holder !== undefined && holder !== self) {
      out.cause = holder;
      out.rule = c.rule;
      out.inferred = c.confidence === 'inferred';
      break;
    }
  }
  for (const key of raw.keys ?? []) {
    if (!isSameThingKey(key)) continue;
    const other = firstEmitted(key);
    if (other !== undefined && other !== self && other.file !== self.file) {
      out.sameAs = other;
      if (out.cause === undefined) out.cause = other;
      break;
    }
  }
  return out;
}

/** The attrs an emitted event gets from its link and placement (copied, never the importer's object). */
export function linkAttrs(
  attrs: Record<string, unknown> | undefined,
  link: { rule?: string | undefined; inferred?: boolean | undefined; sameAsSeq?: number | undefined },
  placement: { tClamped?: boolean; timeInferred?: boolean },
): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  if (link.inferred) {
    extra['causeRule'] = link.rule;
    extra['causeInferred'] = true;
  }
  if (link.sameAsSeq !== undefined) extra['sameAs'] = link.sameAsSeq;
  if (placement.tClamped) extra['tClamped'] = true;
  if (placement.timeInferred) extra['timeInferred'] = true;
  if (Object.keys(extra).length === 0) return attrs;
  return { ...(attrs ?? {}), ...extra };
}
