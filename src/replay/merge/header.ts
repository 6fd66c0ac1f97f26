import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from '../../trace/schema.ts';
import { formatRfc3339Micros } from '../clock/rfc3339.ts';
import type { SourceFacts } from '../types.ts';

/** Written in `generator` when the caller names no program (package.json's version). */
export const DEFAULT_GENERATOR = 'kube-anatomy 0.1.0';

/** High-level (CRI) and low-level (OCI) runtimes, by the actor names importers use. */
const CRI_RUNTIMES: Record<string, string> = { containerd: 'containerd', 'cri-o': 'cri-o', crio: 'cri-o', 'cri-dockerd': 'cri-dockerd' };
const OCI_RUNTIMES = new Set(['runc', 'crun', 'runsc', 'youki', 'kata-runtime']);

export interface HeaderInput {
  events: readonly TraceEvent[];
  facts: readonly SourceFacts[];
  /** The epoch µs of `t = 0`. */
  origin: number;
  generator?: string;
}

/**
 * The merged trace's header: distinct `src`s in order of first appearance, `timeOrigin` with
 * microseconds, `scenario`/`seed` of an imported kube-anatomy trace, and the nodes: first those
 * the importers reported (with their runtime), then those seen in actors (`kubelet/<n>`,
 * `containerd/<n>`, `runc/<n>` …), the runtime put together from the actors as `containerd+runc`.
 * Where only one half of the runtime is seen, the other is left empty (`containerd`, `+crun`), and
 * the views fill in their default for it (src/ui/topology/layout.ts `runtimeNames`).
 */
export function buildHeader(input: HeaderInput): TraceHeader {
  const sources: string[] = [];
  const seenSrc = new Set<string>();
  const nodes = new Map<string, { cri?: string; oci?: string; runtime?: string }>();
  const node = (name: string) => {
    let n = nodes.get(name);
    if (!n) nodes.set(name, (n = {}));
    return n;
  };
  for (const f of input.facts) {
    for (const n of f.nodes ?? []) {
      const entry = node(n.name);
      if (n.runtime && !entry.runtime) entry.runtime = n.runtime;
    }
    if (f.node) node(f.node);
  }
  for (const ev of input.events) {
    if (!seenSrc.has(ev.src)) {
      seenSrc.add(ev.src);
      sources.push(ev.src);
    }
    for (const actor of ev.to === undefined ? [ev.actor] : [ev.actor, ev.to]) {
      const slash = actor.indexOf('/');
      if (slash < 0) continue;
      const component = actor.slice(0, slash);
      const name = actor.slice(slash + 1);
      if (component === 'kubelet') node(name);
      else if (CRI_RUNTIMES[component]) node(name).cri ??= CRI_RUNTIMES[component];
      else if (OCI_RUNTIMES.has(component)) node(name).oci ??= component;
    }
  }
  const header: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, sources, timeOrigin: formatRfc3339Micros(input.origin) };
  const withScenario = input.facts.find((f) => f.scenario !== undefined || f.seed !== undefined);
  const ordered: TraceHeader = {
    format: header.format,
    version: header.version,
    ...(withScenario?.scenario !== undefined ? { scenario: withScenario.scenario } : {}),
    ...(withScenario?.seed !== undefined ? { seed: withScenario.seed } : {}),
    sources: header.sources,
    timeOrigin: header.timeOrigin,
  };
  if (nodes.size > 0) {
    ordered.cluster = {
      nodes: [...nodes].map(([name, n]) => ({ name, runtime: n.runtime ?? (n.oci ? `${n.cri ?? ''}+${n.oci}` : (n.cri ?? '')) })),
    };
  }
  ordered.generator = input.generator ?? DEFAULT_GENERATOR;
  return ordered;
}
