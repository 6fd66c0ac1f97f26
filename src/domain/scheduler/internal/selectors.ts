/**
 * Label selectors and node selectors, compiled once per pod so that matching a node costs no
 * allocation. Semantics follow apimachinery `labels.Requirement.Matches` and
 * component-helpers `scheduling/corev1/nodeaffinity` (read for: empty terms match nothing,
 * terms with parse errors are skipped, Gt/Lt compare integers, matchFields only knows
 * `metadata.name`).
 *
 * Private to the scheduler until src/domain/k8s has a shared matcher (the lead merges them).
 */
import type { LabelSelector, Node, NodeSelectorRequirement, NodeSelectorTerm } from '../../k8s/objects.ts';

export type Labels = Readonly<Record<string, string>>;

/** One compiled requirement: key, operator and values in the shape matching needs. */
interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: ReadonlySet<string>;
  /** Gt/Lt bound. */
  bound: number;
}

/** Own string-valued key; `typeof` also keeps inherited names such as "constructor" out, and is fast. */
function has(labels: Labels, key: string): boolean {
  return typeof labels[key] === 'string';
}

function matchRequirement(r: Requirement, labels: Labels): boolean {
  switch (r.op) {
    case 'In':
      return has(labels, r.key) && r.values.has(labels[r.key] as string);
    case 'NotIn':
      // NotIn matches when the key is absent (labels.Requirement.Matches).
      return !has(labels, r.key) || !r.values.has(labels[r.key] as string);
    case 'Exists':
      return has(labels, r.key);
    case 'DoesNotExist':
      return !has(labels, r.key);
    case 'Gt':
    case 'Lt': {
      if (!has(labels, r.key)) return false;
      const raw = labels[r.key] as string;
      if (!/^[+-]?\d+$/.test(raw)) return false;
      const v = Number(raw);
      return r.op === 'Gt' ? v > r.bound : v < r.bound;
    }
  }
}

/** Compiles a requirement; null when the API would call it invalid (such terms never match). */
function compileRequirement(req: NodeSelectorRequirement | { key: string; operator: string; values?: string[] }): Requirement | null {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return null;
      return { key: req.key, op: req.operator, values: new Set(values), bound: 0 };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return null;
      return { key: req.key, op: req.operator, values: new Set(), bound: 0 };
    case 'Gt':
    case 'Lt': {
      const only = values.length === 1 ? values[0] : undefined;
      if (only === undefined || !/^[+-]?\d+$/.test(only)) return null;
      return { key: req.key, op: req.operator, values: new Set(), bound: Number(only) };
    }
    default:
      return null;
  }
}

/** A label selector (metav1.LabelSelector) compiled for repeated matching. */
export interface CompiledLabelSelector {
  /** True when the selector has no requirement at all (matches everything). */
  readonly empty: boolean;
  matches(labels: Labels | undefined): boolean;
}

const NO_LABELS: Labels = Object.freeze({});

/**
 * Compiles a metav1.LabelSelector: matchLabels and matchExpressions are ANDed; an empty
 * selector matches everything (LabelSelectorAsSelector), an invalid expression matches nothing.
 */
export function compileLabelSelector(selector: LabelSelector | undefined): CompiledLabelSelector {
  const reqs: Requirement[] = [];
  let invalid = false;
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    reqs.push({ key, op: 'In', values: new Set([value]), bound: 0 });
  }
  for (const expr of selector?.matchExpressions ?? []) {
    const r = compileRequirement(expr);
    if (r === null || r.op === 'Gt' || r.op === 'Lt') invalid = true;
    else reqs.push(r);
  }
  return {
    empty: reqs.length === 0 && !invalid,
    matches(labels) {
      if (invalid) return false;
      const l = labels ?? NO_LABELS;
      for (const r of reqs) if (!matchRequirement(r, l)) return false;
      return true;
    },
  };
}

/** Plain equality selector from a map (labels.SelectorFromSet), e.g. `spec.nodeSelector`. */
export function matchesLabelSet(required: Labels, labels: Labels | undefined): boolean {
  const l = labels ?? NO_LABELS;
  for (const key in required) {
    if (!has(l, key) || l[key] !== required[key]) return false;
  }
  return true;
}

/** A NodeSelectorTerm compiled for repeated matching. */
export interface CompiledTerm {
  matches(node: Node): boolean;
}

/**
 * Compiles a NodeSelectorTerm, or returns null for a term that can never match: an empty term
 * (no expressions and no fields) or one with an invalid requirement (nodeaffinity skips terms
 * with parse errors).
 */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): CompiledTerm | null {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return null;
  const labelReqs: Requirement[] = [];
  for (const e of exprs) {
    const r = compileRequirement(e);
    if (r === null) return null;
    labelReqs.push(r);
  }
  const fieldReqs: Requirement[] = [];
  for (const f of fields) {
    // Only metadata.name is a supported node field, and only with In / NotIn.
    if (f.key !== 'metadata.name' || (f.operator !== 'In' && f.operator !== 'NotIn')) return null;
    const r = compileRequirement(f);
    if (r === null) return null;
    fieldReqs.push(r);
  }
  return {
    matches(node) {
      const labels = node.metadata.labels ?? NO_LABELS;
      for (const r of labelReqs) if (!matchRequirement(r, labels)) return false;
      if (fieldReqs.length > 0) {
        const fieldSet: Labels = { 'metadata.name': node.metadata.name ?? '' };
        for (const r of fieldReqs) if (!matchRequirement(r, fieldSet)) return false;
      }
      return true;
    },
  };
}

/** Terms are ORed; a selector whose terms are all empty or invalid matches no node. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[]): CompiledTerm {
  const compiled = terms.map(compileNodeSelectorTerm).filter((t): t is CompiledTerm => t !== null);
  return {
    matches(node) {
      for (const t of compiled) if (t.matches(node)) return true;
      return false;
    },
  };
}
