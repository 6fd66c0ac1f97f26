import { type Document, type DocumentOptions, LineCounter, type ParseOptions, type SchemaOptions, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { isDNS1123Subdomain } from '../../../domain/k8s/validation.ts';
import type { AuditPolicy, AuditStage, GroupResources, PolicyRule } from './audit-policy.ts';
import { goJsonSyntaxError } from './go-json-syntax.ts';

/**
 * kube-apiserver's `--audit-policy-file`: the text of a `kind: Policy` (audit.k8s.io/v1), YAML or
 * JSON, read into an AuditPolicy, or refused with the error the apiserver stops with. The steps
 * and words follow staging/src/k8s.io/apiserver/pkg/audit/policy/reader.go LoadPolicyFromBytes:
 *
 * 1. decode with the audit scheme's universal decoder (runtime/serializer/json/json.go: YAML is
 *    turned into JSON by sigs.k8s.io/yaml, apiVersion and kind are read, the kind is looked up
 *    in the scheme, then the body is unmarshalled into the Go types). Any failure is
 *    `failed decoding: …`. The decoder is strict first; when only unknown or duplicate fields
 *    stop it, the apiserver logs a warning and decodes again leniently, dropping them.
 * 2. `unknown group version field … in policy` unless it was audit.k8s.io/v1;
 * 3. apis/audit/validation/validation.go ValidatePolicy (field errors, as an aggregate);
 * 4. `loaded illegal policy with 0 rules`.
 *
 * The apiserver prints these as `loading audit policy file: <error>: from file <path>`; here
 * the file (and, where one node is at fault, its line and column) comes first instead, as in
 * every other input error of kube-anatomy.
 */

/**
 * A policy file the apiserver would refuse. `reason` is the apiserver's error text; `warnings`
 * what it logged before giving up (see LoadedAuditPolicy).
 */
export class AuditPolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
    readonly warnings: readonly string[] = [],
  ) {
    super(`${file}${line === undefined ? '' : `:${line}:${column}`}: ${reason}`);
    this.name = 'AuditPolicyFileError';
  }
}

export interface LoadedAuditPolicy {
  policy: AuditPolicy;
  /** What the apiserver logs as warnings while loading, each prefixed with `file[:line:column]: `. */
  warnings: string[];
}

/**
 * YAML as sigs.k8s.io/yaml reads it (go-yaml v2, YAML 1.1: `yes` is true), timestamps left as
 * strings; duplicate keys are not a syntax error there (the strict decoder reports them).
 */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  prettyErrors: false,
  uniqueKeys: false,
  customTags: (tags) =>
    tags.filter((t) => {
      if (typeof t === 'string') return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
      return t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME';
    }),
};

/** runtime.NewScheme names a scheme after its call site, `var Scheme = runtime.NewScheme()` in pkg/audit/scheme.go (as 1.29+ apiservers print it). */
const SCHEME = 'pkg/audit/scheme.go:30';
const GROUP = 'audit.k8s.io';
const INTERNAL = '__internal';
/** Kinds the scheme knows besides Policy: they decode, then cannot be converted into a Policy. */
const OTHER_AUDIT_V1_KINDS = ['Event', 'EventList', 'PolicyList'];
/** metav1.AddToGroupVersion's unversioned kinds, found whatever the group and version. */
const UNVERSIONED_KINDS = ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList'];
/** The struct meta.go's SimpleMetaFactory.Interpret reads apiVersion and kind into, as Go prints its type. */
const FIND_KIND_TYPE = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'];
const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

type Path = (string | number)[];

/** The parsed document (also built for JSON, when it parses as YAML), to place errors. */
interface Located {
  doc: Document | undefined;
  lc: LineCounter;
}

/** A strict decoding error and where it is (for JSON, where encoding/json meets it). */
interface StrictError {
  message: string;
  offset: number;
}

/** Reads and checks an audit policy file. Throws AuditPolicyFileError. */
export function parseAuditPolicyFile(text: string, file: string): LoadedAuditPolicy {
  const lc = new LineCounter();
  // json.go RecognizesData: a text whose first non-space character is `{` goes to the JSON decoder.
  const json = /^\s*\{/.test(text);
  let value: unknown;
  let doc: Document | undefined;
  /** YAMLToJSONStrict's complaint about repeated keys (YAML only); it comes before the others. */
  let yamlStrict: StrictError | undefined;
  if (json) {
    const syntax = goJsonSyntaxError(text);
    if (syntax) {
      const before = text.slice(0, syntax.index).split('\n');
      throw new AuditPolicyFileError(file, `failed decoding: couldn't get version/kind; json parse error: ${syntax.message}`, before.length, (before.at(-1) ?? '').length + 1);
    }
    value = JSON.parse(text);
    const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, version: '1.2', lineCounter: lc })[0];
    doc = parsed && parsed.errors.length === 0 ? parsed : undefined;
  } else {
    // go-yaml v2 Unmarshal reads the first document only; the rest of the stream is not looked at.
    doc = [...parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc })][0];
    const err = doc?.errors[0];
    if (err) {
      const p = lc.linePos(err.pos[0]);
      throw new AuditPolicyFileError(file, `failed decoding: yaml: line ${p.line}: ${err.message}`, p.line, p.col);
    }
    value = doc ? doc.toJS({ maxAliasCount: 100 }) : null;
    const dups = doc ? repeatedKeys(doc) : [];
    // go-yaml v2's TypeError, one line per repeat (decode.go setMapIndex, strict).
    if (dups.length > 0) {
      const lines = dups.map((d) => `line ${lc.linePos(d.offset).line}: key ${d.key} already set in map`);
      yamlStrict = { message: `yaml: unmarshal errors:\n  ${lines.join('\n  ')}`, offset: dups[0]?.keyOffset ?? -1 };
    }
  }
  const at: Located = { doc, lc };
  const warnings: string[] = [];
  const fail = (reason: string, path?: Path): never => {
    const pos = path ? position(at, path) : undefined;
    throw new AuditPolicyFileError(file, reason, pos?.line, pos?.column, warnings);
  };

  // meta.go Interpret: apiVersion and kind, from an object (or from nothing at all).
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    fail(`failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(value)} into Go value of type ${FIND_KIND_TYPE}`, []);
  }
  const top = (value ?? {}) as Record<string, unknown>;
  for (const key of keysInDecodeOrder(top, json)) {
    const v = top[key];
    if ((key === 'apiVersion' || key === 'kind') && v !== null && typeof v !== 'string') {
      fail(`failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`, [key]);
    }
  }
  const apiVersion = (top['apiVersion'] as string | null | undefined) ?? '';
  let kind = (top['kind'] as string | null | undefined) ?? '';
  // schema.ParseGroupVersion
  const slashes = apiVersion.split('/').length - 1;
  if (slashes > 1) fail(`failed decoding: unexpected GroupVersion string: ${apiVersion}`, ['apiVersion']);
  let [group, version] = apiVersion === '' || apiVersion === '/' ? ['', ''] : slashes === 0 ? ['', apiVersion] : (apiVersion.split('/') as [string, string]);
  // json.go gvkWithDefaults, from the kind of the object decoded into (the internal Policy).
  if (kind === '') kind = 'Policy';
  if (version === '' && group === '') [group, version] = [GROUP, INTERNAL];
  if (version === '' && group === GROUP) version = INTERNAL;
  const gv = group === '' ? version : `${group}/${version}`;

  if (group === GROUP && version === INTERNAL && kind === 'Policy') {
    // Decoded into the internal type itself (no apiVersion in the file), then refused by reader.go.
    fail(`unknown group version field ${gv}, Kind=${kind} in policy`);
  }
  if (!(group === GROUP && version === 'v1' && kind === 'Policy')) {
    // runtime.UseOrCreateObject → Scheme.New, or the conversion into the Policy asked for.
    const where = top['kind'] !== undefined ? ['kind'] : ['apiVersion'];
    if ((group === GROUP && version === 'v1' && OTHER_AUDIT_V1_KINDS.includes(kind)) || UNVERSIONED_KINDS.includes(kind)) {
      fail(`failed decoding: converting (v1.${kind}) to (audit.Policy): unknown conversion`, where);
    }
    if (version === INTERNAL) fail(`failed decoding: no kind ${JSON.stringify(kind)} is registered for the internal version of group ${JSON.stringify(group)} in scheme ${JSON.stringify(SCHEME)}`, where);
    fail(`failed decoding: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(gv)} in scheme ${JSON.stringify(SCHEME)}`, where);
  }

  const decoder = new Decoder(json);
  const policy = decoder.policy(top);
  if (decoder.typeError) fail(`failed decoding: ${decoder.typeError.message}`, decoder.typeError.path);
  const strict: StrictError[] = decoder.strict.map((e) => ({ message: e.message, offset: offsetOf(at, e.path, true) }));
  if (json && doc) {
    // sigs.k8s.io/json reports a field given twice where it meets the second one.
    for (const d of repeatedKeys(doc)) strict.push({ message: `duplicate field ${JSON.stringify(strictPath(d.path))}`, offset: d.keyOffset });
    strict.sort((a, b) => a.offset - b.offset);
  }
  if (yamlStrict) strict.unshift(yamlStrict);
  const first = strict[0];
  if (first) {
    const p = first.offset < 0 ? undefined : lc.linePos(first.offset);
    // reader.go: klog.Warningf, then the lenient decode.
    const message = `Audit policy contains errors, falling back to lenient decoding: strict decoding error: ${strict.map((e) => e.message).join(', ')}`;
    warnings.push(`${file}${p ? `:${p.line}:${p.col}` : ''}: ${message}`);
  }

  const errors = validatePolicy(policy.value);
  if (errors.length > 0) fail(aggregate(errors.map((e) => e.message)), errors[0]?.path);
  if (policy.value.rules.length === 0) fail('loaded illegal policy with 0 rules');
  return { policy: policy.value, warnings };
}

/** The JSON kind of a value, as encoding/json's UnmarshalTypeError names it. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number, object
}

/**
 * The order encoding/json meets an object's keys in: as written for JSON; sorted for YAML,
 * which sigs.k8s.io/yaml turns into JSON through a Go map (json.Marshal sorts map keys).
 */
function keysInDecodeOrder(obj: Record<string, unknown>, json: boolean): string[] {
  const keys = Object.keys(obj);
  return json ? keys : keys.sort();
}

/**
 * Keys given twice in one mapping, in document order: the key as go-yaml prints it (`%#v`:
 * `"level"`, `true`), its path, the offset of the repeated value (go-yaml names the line of the
 * value node) and of its key.
 */
function repeatedKeys(doc: Document): { key: string; path: Path; offset: number; keyOffset: number }[] {
  const out: { key: string; path: Path; offset: number; keyOffset: number }[] = [];
  const walk = (node: unknown, path: Path): void => {
    if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const k = pair.key.value;
      const id = `${typeof k}:${String(k)}`;
      const range = (pair.value as { range?: [number, number, number] } | null)?.range ?? pair.key.range;
      if (seen.has(id)) {
        out.push({ key: typeof k === 'string' ? JSON.stringify(k) : String(k), path: [...path, String(k)], offset: range?.[0] ?? 0, keyOffset: pair.key.range?.[0] ?? 0 });
      }
      seen.add(id);
      walk(pair.value, [...path, String(k)]);
    }
  };
  walk(doc.contents, []);
  return out;
}

/**
 * The offset of the node at `path`, or of its nearest ancestor that is there; -1 without a
 * document. With `key`, the offset of the (last) key naming it: where a field is unknown.
 */
function offsetOf(at: Located, path: Path, key = false): number {
  if (!at.doc) return -1;
  const parent = path.length === 1 ? at.doc.contents : at.doc.getIn(path.slice(0, -1), true);
  if (key && isMap(parent)) {
    const pair = parent.items.findLast((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? at.doc.contents : at.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return -1;
}

/** The line and column of the node at `path` (see offsetOf). */
function position(at: Located, path: Path): { line: number; column: number } | undefined {
  const offset = offsetOf(at, path);
  if (offset < 0) return undefined;
  const p = at.lc.linePos(offset);
  return { line: p.line, column: p.col };
}

// ---- decoding into the audit.k8s.io/v1 Go types (apis/audit/v1/types.go) ----

/** A Go type as encoding/json sees it; `name` is how an UnmarshalTypeError prints it. */
type GoType =
  | { kind: 'string'; name: string }
  | { kind: 'bool'; name: string }
  | { kind: 'slice'; name: string; elem: GoType }
  | { kind: 'struct'; name: string; fields: Record<string, GoType>; open?: boolean };

const str = (name = 'string'): GoType => ({ kind: 'string', name });
const slice = (elem: GoType): GoType => ({ kind: 'slice', name: `[]${elem.name}`, elem });
const STAGE = str('v1.Stage');
const GROUP_RESOURCES: GoType = { kind: 'struct', name: 'v1.GroupResources', fields: { group: str(), resources: slice(str()), resourceNames: slice(str()) } };
const POLICY_RULE: GoType = {
  kind: 'struct',
  name: 'v1.PolicyRule',
  fields: {
    level: str('v1.Level'),
    users: slice(str()),
    userGroups: slice(str()),
    verbs: slice(str()),
    resources: slice(GROUP_RESOURCES),
    namespaces: slice(str()),
    nonResourceURLs: slice(str()),
    omitStages: slice(STAGE),
    // *bool: the error names the type it points to.
    omitManagedFields: { kind: 'bool', name: 'bool' },
  },
};
/** ObjectMeta's own fields are not checked here: any keys of `metadata` are taken as they are. */
const OBJECT_META: GoType = { kind: 'struct', name: 'v1.ObjectMeta', fields: {}, open: true };
const POLICY: GoType = {
  kind: 'struct',
  name: 'v1.Policy',
  fields: { apiVersion: str(), kind: str(), metadata: OBJECT_META, rules: slice(POLICY_RULE), omitStages: slice(STAGE), omitManagedFields: { kind: 'bool', name: 'bool' } },
};

interface DecodeError {
  message: string;
  path: Path;
}

/**
 * sigs.k8s.io/json UnmarshalStrict into v1.Policy: the first type mismatch is the error
 * (`json: cannot unmarshal number into Go struct field PolicyRule.rules.level of type v1.Level`,
 * the field path without indexes); unknown fields are strict errors (`unknown field
 * "rules[0].resource"`, with indexes), dropped by the lenient decode. Field names match
 * case-sensitively; null leaves a field unset.
 */
class Decoder {
  typeError: DecodeError | undefined;
  readonly strict: DecodeError[] = [];

  constructor(private readonly json: boolean) {}

  policy(top: Record<string, unknown>): { value: AuditPolicy } {
    const v = this.decode(top, POLICY, '', [], []) as Record<string, unknown>;
    const policy: AuditPolicy = { rules: ((v['rules'] as Record<string, unknown>[] | undefined) ?? []).map(toRule) };
    const omitStages = v['omitStages'] as AuditStage[] | undefined;
    if (omitStages) policy.omitStages = omitStages;
    if (v['omitManagedFields'] === true) policy.omitManagedFields = true;
    return { value: policy };
  }

  /** Returns the value decoded (unknown fields dropped, nulls left out, null elements zero). */
  private decode(value: unknown, type: GoType, struct: string, fields: string[], path: Path): unknown {
    if (type.kind === 'string' || type.kind === 'bool') {
      const ok = type.kind === 'string' ? typeof value === 'string' : typeof value === 'boolean';
      if (ok) return value;
      this.mismatch(value, type, struct, fields, path);
      return undefined;
    }
    if (type.kind === 'slice') {
      if (!Array.isArray(value)) {
        this.mismatch(value, type, struct, fields, path);
        return undefined;
      }
      // A null element is the zero value of the element type.
      return value.map((item, i) => this.decode(item, type.elem, struct, fields, [...path, i]) ?? zero(type.elem));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.mismatch(value, type, struct, fields, path);
      return undefined;
    }
    const obj = value as Record<string, unknown>;
    if (type.open) return obj;
    const out: Record<string, unknown> = {};
    const structName = type.name.replace(/^v1\./, '');
    for (const key of keysInDecodeOrder(obj, this.json)) {
      const fieldType = type.fields[key];
      if (!fieldType) {
        this.strict.push({ message: `unknown field ${JSON.stringify(strictPath([...path, key]))}`, path: [...path, key] });
        continue;
      }
      if (obj[key] === null || obj[key] === undefined) continue;
      const decoded = this.decode(obj[key], fieldType, structName, [...fields, key], [...path, key]);
      if (decoded !== undefined) out[key] = decoded;
    }
    return out;
  }

  private mismatch(value: unknown, type: GoType, struct: string, fields: string[], path: Path): void {
    if (value === null || value === undefined || this.typeError) return;
    const into = fields.length > 0 ? `Go struct field ${struct}.${fields.join('.')}` : 'Go value';
    this.typeError = { message: `json: cannot unmarshal ${jsonKind(value)} into ${into} of type ${type.name}`, path };
  }
}

function zero(type: GoType): unknown {
  if (type.kind === 'string') return '';
  if (type.kind === 'bool') return false;
  if (type.kind === 'slice') return [];
  return {};
}

/** `rules[0].resources[1].group`: the path sigs.k8s.io/json names unknown fields by. */
function strictPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function toRule(v: Record<string, unknown>): PolicyRule {
  const rule: PolicyRule = { level: ((v['level'] as string | undefined) ?? '') as PolicyRule['level'] };
  for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages'] as const) {
    const list = v[key] as string[] | undefined;
    if (list) (rule as unknown as Record<string, string[]>)[key] = list;
  }
  const resources = v['resources'] as Record<string, unknown>[] | undefined;
  if (resources) {
    rule.resources = resources.map((r) => {
      const gr: GroupResources = {};
      if (typeof r['group'] === 'string') gr.group = r['group'];
      if (r['resources']) gr.resources = r['resources'] as string[];
      if (r['resourceNames']) gr.resourceNames = r['resourceNames'] as string[];
      return gr;
    });
  }
  if (typeof v['omitManagedFields'] === 'boolean') rule.omitManagedFields = v['omitManagedFields'];
  return rule;
}

// ---- apis/audit/validation/validation.go ----

interface FieldError {
  message: string;
  /** Where in the file, for the position (the field path of the message may leave indexes out). */
  path: Path;
}

/** Go's %#v of a []string: `[]string{"a", "b"}`. */
const goStrings = (list: string[]): string => `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`;

/** ValidatePolicy: the policy's omitStages, then each rule. */
function validatePolicy(policy: AuditPolicy): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateOmitStages(policy.omitStages ?? [], 'omitStages', ['omitStages']));
  policy.rules.forEach((rule, i) => errs.push(...validateRule(rule, `rules[${i}]`, ['rules', i])));
  return errs;
}

function validateRule(rule: PolicyRule, field: string, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  const level = rule.level as string;
  if (level === '') errs.push({ message: `${field}.level: Required value`, path });
  else if (!LEVELS.includes(level)) {
    errs.push({ message: `${field}.level: Unsupported value: ${JSON.stringify(level)}: supported values: ${LEVELS.map((l) => JSON.stringify(l)).join(', ')}`, path: [...path, 'level'] });
  }
  (rule.nonResourceURLs ?? []).forEach((url, i) => {
    if (url === '*') return;
    const at = `${field}.nonResourceURLs[${i}]: Invalid value: ${JSON.stringify(url)}`;
    if (!url.startsWith('/')) errs.push({ message: `${at}: non-resource URL rules must begin with a '/' character`, path: [...path, 'nonResourceURLs', i] });
    if (url !== '' && url.slice(0, -1).includes('*')) {
      errs.push({ message: `${at}: non-resource URL wildcards '*' must be the final character of the rule`, path: [...path, 'nonResourceURLs', i] });
    }
  });
  (rule.resources ?? []).forEach((gr, i) => {
    // The empty string is the core group; others must be DNS subdomains (not "apps/v1").
    const msgs = gr.group ? isDNS1123Subdomain(gr.group) : [];
    if (msgs.length > 0) errs.push({ message: `${field}.resources.group: Invalid value: ${JSON.stringify(gr.group)}: ${msgs.join(',')}`, path: [...path, 'resources', i, 'group'] });
    if (gr.resourceNames?.length && !gr.resources?.length) {
      errs.push({ message: `${field}.resources.resourceNames: Invalid value: ${goStrings(gr.resourceNames)}: using resourceNames requires at least one resource`, path: [...path, 'resources', i, 'resourceNames'] });
    }
  });
  errs.push(...validateOmitStages(rule.omitStages ?? [], `${field}.omitStages`, [...path, 'omitStages']));
  if (rule.nonResourceURLs?.length && (rule.resources?.length || rule.namespaces?.length)) {
    errs.push({ message: `${field}.nonResourceURLs: Invalid value: ${goStrings(rule.nonResourceURLs)}: rules cannot apply to both regular resources and non-resource URLs`, path: [...path, 'nonResourceURLs'] });
  }
  return errs;
}

function validateOmitStages(stages: string[], field: string, path: Path): FieldError[] {
  return stages.flatMap((stage, i) =>
    STAGES.includes(stage) ? [] : [{ message: `${field}[${i}]: Invalid value: ${JSON.stringify(stage)}: allowed stages are ${STAGES.join(',')}`, path: [...path, i] }],
  );
}

/** field.ErrorList.ToAggregate().Error(): one message alone, several deduplicated in `[a, b]`. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}
