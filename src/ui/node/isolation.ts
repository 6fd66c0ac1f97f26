import type { TraceEvent } from '../../trace/schema.ts';
import type { EvidenceRule, IsolationProfile } from './runtimes.ts';

/**
 * Which bands of a node's isolation stack the trace has shown at work up to the playhead: the
 * spans of the node's low-level runtime actor that match a band's `seenBy` rules
 * (runtimes.ts). One line per (rule, span) kind, counted, with the span's own attributes, so
 * the stack says what the runtime did rather than what it is supposed to do. On rkt nodes only
 * the spans of pods of the node's stage1 flavour count (a `rkt run --stage1-name=…` by hand may
 * use another one; rkt's spans name their pod and, mostly, its flavour).
 */

export interface EvidenceFact {
  readonly op: string;
  readonly proc?: string;
  /** `key=value` of the rule's keys, as the span has them. */
  readonly detail: string;
  /** How many spans matched (three containers: three gofers). */
  readonly count: number;
  /** The first one's time and seq. */
  readonly t: number;
  readonly seq: number;
}

export interface BandEvidence {
  readonly facts: readonly EvidenceFact[];
  /** The band's name as the trace names it (`Firecracker · KVM`), once a labelled rule matched. */
  readonly label?: string;
}

export class IsolationFold {
  private readonly bands: { facts: Map<string, EvidenceFact>; label?: string }[];
  private readonly podFlavour = new Map<string, string>();
  private readonly flavour: string | undefined;

  constructor(
    private readonly actor: string,
    private readonly profile: IsolationProfile | undefined,
  ) {
    this.bands = (profile?.layers ?? []).map(() => ({ facts: new Map() }));
    this.flavour = profile?.kind.startsWith('rkt-') ? profile.kind.slice('rkt-'.length) : undefined;
  }

  apply(e: TraceEvent): void {
    if (e.kind !== 'span' || e.actor !== this.actor || !this.profile) return;
    const a = e.attrs ?? {};
    const pod = typeof a['pod'] === 'string' ? a['pod'] : undefined;
    if (pod && typeof a['flavour'] === 'string') this.podFlavour.set(pod, a['flavour']);
    if (this.flavour) {
      const f = typeof a['flavour'] === 'string' ? a['flavour'] : pod ? this.podFlavour.get(pod) : undefined;
      if (f !== this.flavour) return;
    }
    this.profile.layers.forEach((layer, i) => {
      layer.seenBy?.forEach((rule, r) => {
        if (!matches(rule, e)) return;
        const band = this.bands[i] as { facts: Map<string, EvidenceFact>; label?: string };
        const detail = rule.keys.map((k) => (a[k] === undefined ? '' : `${k}=${formatValue(a[k])}`)).filter(Boolean).join(' ');
        const key = `${r}|${detail}`;
        const known = band.facts.get(key);
        const proc = typeof a['proc'] === 'string' ? a['proc'] : undefined;
        band.facts.set(key, known ? { ...known, count: known.count + 1 } : { op: e.op, ...(proc ? { proc } : {}), detail, count: 1, t: e.t, seq: e.seq });
        if (rule.label && band.label === undefined) band.label = rule.label;
      });
    });
  }

  /** Per band of the profile (same order), what the trace showed of it; copies. */
  view(): BandEvidence[] {
    return this.bands.map((b) => ({ facts: [...b.facts.values()].sort((x, y) => x.seq - y.seq), ...(b.label ? { label: b.label } : {}) }));
  }
}

function matches(rule: EvidenceRule, e: TraceEvent): boolean {
  const a = e.attrs ?? {};
  if (e.op !== rule.op) return false;
  if (rule.proc !== undefined && a['proc'] !== rule.proc) return false;
  if (rule.kernel !== undefined && a['kernel'] !== rule.kernel) return false;
  if (rule.stage !== undefined && a['stage'] !== rule.stage) return false;
  if (rule.file !== undefined) {
    const file = typeof a['filename'] === 'string' ? a['filename'].slice(a['filename'].lastIndexOf('/') + 1) : '';
    if (!file.startsWith(rule.file)) return false;
  }
  return true;
}

/** An attribute as one short token: lists joined by `,`, objects as `{k=v …}`. */
export function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatValue).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${formatValue(x)}`)
      .join(' ')}}`;
  }
  return String(v);
}
