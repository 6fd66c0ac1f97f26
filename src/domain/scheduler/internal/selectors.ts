/**
 * Label selectors and node selectors, compiled once per pod so that matching a node costs no
 * parsing. Requirement.Matches itself is the shared one of src/domain/k8s/labels.ts
 * (apimachinery labels.Requirement.Matches: NotIn matches a missing key, Gt/Lt compare int64s);
 * this file adds what labels.ts does not have: NodeSelectorTerms (component-helpers
 * scheduling/corev1/nodeaffinity: empty terms match nothing, terms with parse errors are
 * skipped, matchFields only knows `metadata.name`), and the compile step that validates once
 * (an invalid requirement makes its selector or term match nothing instead of throwing).
 */
import { requirementMatches, type Requirement } from '../../k8s/labels.ts';
import type { LabelSelector, Node, NodeSelectorRequirement, NodeSelectorTerm } from '../../k8s/objects.ts';

export type Labels = Readonly<Record<string, string>>;

function isInt(s: string): boolean {
  return /^[+-]?\d+$/.test(s);
}

/** Compiles a requirement; null when the API would call it invalid (such terms never match). */
function compileRequirement(req: NodeSelectorRequirement | { key: string; operator: string; values?: string[] }): Requirement | null {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return null;
      return { key: req.key, operator: req.operator, values: [...values] };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return null;
      return { key: req.key, operator: req.operator, values: [] };
    case 'Gt':
    case 'Lt': {
      const only = values.length === 1 ? values[0] : undefined;
      if (only === undefined || !isInt(only)) return null;
      return { key: req.key, operator: req.operator === 'Gt' ? 'GreaterThan' : 'LessThan', values: [only] };
    }
    default:
      return null;
  }
}

function matchAll(reqs: readonly Requirement[], labels: Labels): boolean {
  for (const r of reqs) if (!requirementMatches(r, labels as Record<string, string>)) return false;
  return true;
}

/** Own string-valued key; `typeof` also keeps inherited names such as "constructor" out, and is fast. */
function has(labels: Labels, key: string): boolean {
  return typeof labels[key] === 'string';
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
    reqs.push({ key, operator: 'Equals', values: [value] });
  }
  for (const expr of selector?.matchExpressions ?? []) {
    const r = compileRequirement(expr);
    // LabelSelector has no Gt/Lt (LabelSelectorAsSelector rejects them).
    if (r === null || r.operator === 'GreaterThan' || r.operator === 'LessThan') invalid = true;
    else reqs.push(r);
  }
  return {
    empty: reqs.length === 0 && !invalid,
    matches(labels) {
      if (invalid) return false;
      return matchAll(reqs, labels ?? NO_LABELS);
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
      if (!matchAll(labelReqs, node.metadata.labels ?? NO_LABELS)) return false;
      return fieldReqs.length === 0 || matchAll(fieldReqs, { 'metadata.name': node.metadata.name ?? '' });
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
