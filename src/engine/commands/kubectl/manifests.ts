import { type DocumentOptions, LineCounter, type ParseOptions, parseAllDocuments, type SchemaOptions } from 'yaml';
import type { KubeObject } from '../../../domain/k8s/objects.ts';

/**
 * Reading manifests the way `kubectl apply -f` / `kubectl create -f` does: multi-document YAML
 * (or JSON), empty documents skipped, `kind: List` flattened into its items, and kubectl's
 * client-side check of apiVersion and kind (k8s.io/kubectl/pkg/validation getObjectKind and
 * ValidateSchema, wrapped by the resource builder as `error validating "<source>"`).
 *
 * YAML is read with YAML 1.1 scalars, as sigs.k8s.io/yaml (go-yaml v2) reads them: `yes`/`on`
 * are booleans and `0644` is octal (420). Timestamps and sexagesimal numbers stay strings, as
 * go-yaml leaves them when decoding into untyped values.
 */

/** Parse options shared with the scenario parser, so `objects:` reads like a manifest file. */
export const MANIFEST_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  prettyErrors: false,
  customTags: (tags) =>
    tags.filter((t) => {
      if (typeof t === 'string') return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
      return t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME';
    }),
};

const STOP_VALIDATE_MESSAGE = 'if you choose to ignore these errors, turn validation off with --validate=false';

/** Where an object starts in the text (1-based line and column). */
export interface ManifestPosition {
  line: number;
  column: number;
}

export interface DecodedManifests {
  objects: KubeObject[];
  /** The position of each object, index for index. */
  positions: ManifestPosition[];
}

/**
 * Which name an object must carry. kubectl itself does not check names before sending (the
 * server or the apply logic fails later); scenario scripts check them up front.
 * 'name': metadata.name (kubectl apply and objects present at t = 0);
 * 'nameOrGenerateName': either one (kubectl create).
 */
export type NameRule = 'none' | 'name' | 'nameOrGenerateName';

export interface DecodeOptions {
  requireName?: NameRule;
}

/**
 * A manifest kubectl would refuse. `message` is exactly what kubectl prints on stderr (without
 * the final newline); `reason` the short part a scenario error shows (e.g. "error validating
 * data: kind not set"); `line`/`column` where in the text the problem is (1-based).
 */
export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** The name kubectl gives a source in messages: "STDIN" for `-f -`, the path as typed otherwise. */
export function sourceName(source: string): string {
  return source === '-' ? 'STDIN' : source;
}

/** Decodes every object of a manifest text. Throws ManifestError. */
export function decodeManifests(text: string, source: string, options: DecodeOptions = {}): DecodedManifests {
  const src = sourceName(source);
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { ...MANIFEST_YAML_OPTIONS, lineCounter: lc });
  const objects: KubeObject[] = [];
  const positions: ManifestPosition[] = [];
  // parseAllDocuments returns an empty array-like for an empty text
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const pos = lc.linePos(error.pos[0]);
      const rel = pos.line - lastSeparatorBefore(text, pos.line);
      throw new ManifestError(src, pos.line, pos.col, error.message, `error: error parsing ${src}: error converting YAML to JSON: yaml: line ${rel}: ${error.message}`);
    }
    if (doc.contents === null) continue; // an empty document, e.g. only comments
    const start = lc.linePos(doc.contents.range[0]);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const items = isList(value) ? listItems(doc.contents, value, lc) : [{ value, pos: { line: start.line, column: start.col } }];
    for (const item of items) {
      const problem = validationProblem(item.value);
      if (problem) {
        throw new ManifestError(
          src,
          item.pos.line,
          item.pos.column,
          `error validating data: ${problem}`,
          `error: error validating ${JSON.stringify(src)}: error validating data: ${problem}; ${STOP_VALIDATE_MESSAGE}`,
        );
      }
      const nameProblem = namingProblem(item.value as KubeObject, options.requireName ?? 'none');
      if (nameProblem) throw new ManifestError(src, item.pos.line, item.pos.column, nameProblem, `error: ${nameProblem}`);
      objects.push(item.value as KubeObject);
      positions.push(item.pos);
    }
  }
  return { objects, positions };
}

/**
 * getObjectKind's checks: an object (not a list or scalar) with string apiVersion and kind.
 * Several problems print as an aggregate: "[apiVersion not set, kind not set]".
 */
export function validationProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid object to validate';
  const fields = value as Record<string, unknown>;
  const errs: string[] = [];
  const apiVersion = fields['apiVersion'];
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') errs.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') errs.push("apiVersion isn't string type");
  const kind = fields['kind'];
  if (kind === undefined || kind === null || kind === '') errs.push('kind not set');
  else if (typeof kind !== 'string') errs.push("kind isn't string type");
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** The name check scenario scripts add, worded like the apiserver's field validation. */
export function namingProblem(obj: KubeObject, rule: NameRule): string | undefined {
  if (rule === 'none') return undefined;
  const meta = (obj.metadata ?? {}) as { name?: unknown; generateName?: unknown };
  const hasName = typeof meta.name === 'string' && meta.name !== '';
  const hasGenerate = typeof meta.generateName === 'string' && meta.generateName !== '';
  if (hasName) return undefined;
  if (rule === 'nameOrGenerateName') return hasGenerate ? undefined : 'metadata.name: Required value: name or generateName is required';
  return hasGenerate
    ? 'metadata.name: Required value: name is required (generateName works with kubectl create, not here)'
    : 'metadata.name: Required value: name is required';
}

function isList(value: unknown): value is { items: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; items?: unknown };
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

interface PositionedValue {
  value: unknown;
  pos: ManifestPosition;
}

/** The items of a `kind: List`, each with the position of its node. */
function listItems(contents: unknown, value: { items: unknown[] }, lc: LineCounter): PositionedValue[] {
  const map = contents as { get?: (k: string, keepScalar?: boolean) => unknown; range: [number, number, number] };
  const seq = map.get?.('items', true) as { items?: { range?: [number, number, number] }[] } | undefined;
  return value.items.map((item, i) => {
    const range = seq?.items?.[i]?.range ?? map.range;
    const p = lc.linePos(range[0]);
    return { value: item, pos: { line: p.line, column: p.col } };
  });
}

/**
 * kubectl splits a stream at `---` lines before converting each document, so go-yaml's
 * "line N" counts from the line after the separator.
 */
function lastSeparatorBefore(text: string, line: number): number {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    if (/^---(\s|$)/.test(lines[i] as string)) return i + 1;
  }
  return 0;
}
