import { type FlagSpec, type FlagValue, goQuote, isFlagError, parseFlags, parseGoDuration } from './flags.ts';

/**
 * kubectl's command line, parsed into what the simulated kubectl client needs to execute it.
 * Verbs, flags, argument forms and error messages follow kubectl 1.34 (k8s.io/kubectl/pkg/cmd/…:
 * get/get.go, apply/apply.go, delete/delete.go, scale/scale.go, rollout/*, logs/logs.go,
 * set/set_image.go, drain/drain.go; cobra's command lookup; the templater's flag error hint).
 * This file parses only; resource names are checked at run time by the client against the
 * simulated discovery ("the server doesn't have a resource type …" is a server-side answer).
 */

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

/** One thing to act on: a resource type as typed and, when given, a name. */
export interface Target {
  resource: string;
  name?: string;
}

export type DryRun = 'none' | 'client' | 'server';
export type Cascade = 'background' | 'foreground' | 'orphan';

interface Namespaced {
  /** From -n/--namespace; undefined means the default namespace of the (simulated) kubeconfig. */
  namespace?: string;
}

export interface ApplyCommand extends Namespaced {
  verb: 'apply';
  /** Paths as typed; '-' is stdin. */
  files: string[];
  /** Only 'name', 'yaml' or 'json' (kubectl apply -o); undefined prints "<kind>/<name> created". */
  output?: OutputFormat;
  dryRun: DryRun;
  serverSide: boolean;
  forceConflicts: boolean;
  fieldManager?: string;
}

export interface CreateFromFilesCommand extends Namespaced {
  verb: 'create';
  files: string[];
  output?: OutputFormat;
  dryRun: DryRun;
}

/** `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P]`. */
export interface CreateDeploymentCommand extends Namespaced {
  verb: 'create deployment';
  name: string;
  images: string[];
  replicas: number;
  port?: number;
  output?: OutputFormat;
  dryRun: DryRun;
}

/** `kubectl create namespace NAME`. */
export interface CreateNamespaceCommand {
  verb: 'create namespace';
  name: string;
  output?: OutputFormat;
  dryRun: DryRun;
}

/** Shared by get, describe and delete: the resources asked for. */
interface Selection extends Namespaced {
  /**
   * Resource types as typed, in order: `pods,rs` gives ['pods', 'rs']; in the `pod/web` form
   * the type of every pair, without repeats.
   */
  resources: string[];
  /** Names as typed; in the `pod/web` form the name of every pair. */
  names: string[];
  /**
   * The same selection, normalized as kubectl's resource builder visits it: for `TYPE[,TYPE]
   * [NAME…]`, every type crossed with every name (or one target per type without names); for
   * `TYPE/NAME…`, the pairs in order.
   */
  targets: Target[];
  allNamespaces: boolean;
  /** -l/--selector, as typed (e.g. "app=web,tier!=db"). */
  selector?: string;
}

export interface GetCommand extends Selection {
  verb: 'get';
  output: OutputFormat;
  watch: boolean;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  showLabels: boolean;
  showKind: boolean;
  noHeaders: boolean;
  ignoreNotFound: boolean;
  /** -L/--label-columns: extra columns with these labels' values. */
  labelColumns: string[];
}

export interface DescribeCommand extends Selection {
  verb: 'describe';
  showEvents: boolean;
}

export interface DeleteCommand extends Selection {
  verb: 'delete';
  files: string[];
  all: boolean;
  /** Seconds; -1 means the object's own default (30 s for pods). */
  gracePeriod: number;
  force: boolean;
  now: boolean;
  wait: boolean;
  cascade: Cascade;
  ignoreNotFound: boolean;
  output?: OutputFormat;
  dryRun: DryRun;
}

export interface ScaleCommand extends Selection {
  verb: 'scale';
  replicas: number;
  /** --current-replicas precondition; -1 when not given. */
  currentReplicas: number;
  all: boolean;
  output?: OutputFormat;
  dryRun: DryRun;
}

export type RolloutAction = 'status' | 'restart' | 'history' | 'undo' | 'pause' | 'resume';

export interface RolloutCommand extends Selection {
  verb: 'rollout';
  action: RolloutAction;
  /** rollout status -w/--watch (default true). */
  watch: boolean;
  /** rollout status --timeout, microseconds; 0 = wait forever. */
  timeout: number;
  /** rollout history --revision / rollout status --revision; 0 when not given. */
  revision: number;
  /** rollout undo --to-revision; 0 = the previous one. */
  toRevision: number;
  output?: OutputFormat;
  dryRun: DryRun;
}

export interface LogsCommand extends Namespaced {
  verb: 'logs';
  /** `web-1` gives {resource: 'pod', name: 'web-1'}; `deploy/web` gives {resource: 'deploy', …}. */
  target: Target;
  container?: string;
  allContainers: boolean;
  follow: boolean;
  previous: boolean;
  /** -1 = all lines. */
  tail: number;
  timestamps: boolean;
  prefix: boolean;
}

export interface SetImageCommand extends Selection {
  verb: 'set image';
  /** container name ('*' for all) → image. */
  images: { container: string; image: string }[];
  all: boolean;
  output?: OutputFormat;
  dryRun: DryRun;
}

export interface NodeMaintenanceCommand {
  verb: 'cordon' | 'uncordon' | 'drain';
  nodes: string[];
  selector?: string;
  dryRun: DryRun;
  /** drain only. */
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  gracePeriod: number;
  /** drain --timeout, microseconds; 0 = forever. */
  timeout: number;
  /** drain --pod-selector, as labels.Parse(...).String() prints it. */
  podSelector?: string;
  /** drain --disable-eviction: DELETE instead of the eviction subresource. */
  disableEviction: boolean;
  /** drain --skip-wait-for-delete-timeout, seconds; 0 = never skip. */
  skipWaitForDeleteTimeout: number;
  /** --chunk-size, the `limit` of list requests (cmdutil.DefaultChunkSize is 500). */
  chunkSize: number;
}

/** `kubectl replace -f FILE`: a PUT of each object. */
export interface ReplaceCommand extends Namespaced {
  verb: 'replace';
  files: string[];
  output?: OutputFormat;
  dryRun: DryRun;
}

/** `kubectl label TYPE NAME key=value key-` (label.go). */
export interface LabelCommand extends Selection {
  verb: 'label';
  /** key → value to set, or null to remove (`key-`). */
  changes: { key: string; value: string | null }[];
  overwrite: boolean;
  all: boolean;
  output?: OutputFormat;
  dryRun: DryRun;
}

/** `kubectl taint nodes NAME key=value:Effect` / `key:Effect-` / `key-` (taint.go). */
export interface TaintCommand {
  verb: 'taint';
  nodes: string[];
  all: boolean;
  selector?: string;
  overwrite: boolean;
  add: { key: string; value: string; effect: string }[];
  remove: { key: string; effect?: string }[];
  dryRun: DryRun;
}

export interface VersionCommand {
  verb: 'version';
  client: boolean;
  output?: 'yaml' | 'json';
}

export type KubectlCommand =
  | ApplyCommand
  | CreateFromFilesCommand
  | CreateDeploymentCommand
  | CreateNamespaceCommand
  | GetCommand
  | DescribeCommand
  | DeleteCommand
  | ScaleCommand
  | RolloutCommand
  | LogsCommand
  | SetImageCommand
  | NodeMaintenanceCommand
  | ReplaceCommand
  | LabelCommand
  | TaintCommand
  | VersionCommand;

/**
 * A command kubectl itself would reject (`usage`: the text is what kubectl prints on stderr,
 * without the final newline; kubectl exits 1), or one kube-anatomy does not simulate
 * (`unsupported`: a real kubectl command or flag the simulator cannot run faithfully).
 */
export interface KubectlArgsError {
  error: string;
  kind: 'usage' | 'unsupported';
  /** Index in argv (after an optional leading "kubectl") of the word the error is about. */
  argIndex?: number;
}

export function isKubectlArgsError(x: KubectlCommand | KubectlArgsError): x is KubectlArgsError {
  return 'error' in x;
}

/** Every top-level command of kubectl 1.34, so a typo is told apart from a real command. */
export const KUBECTL_COMMANDS: readonly string[] = [
  'alpha', 'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale',
  'certificate', 'cluster-info', 'completion', 'config', 'cordon', 'cp', 'create', 'debug',
  'delete', 'describe', 'diff', 'drain', 'edit', 'events', 'exec', 'explain', 'expose', 'get',
  'help', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward', 'proxy',
  'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

/** The commands kube-anatomy simulates. */
export const SIMULATED_KUBECTL_COMMANDS: readonly string[] = [
  'apply', 'create', 'get', 'describe', 'delete', 'scale', 'rollout', 'logs', 'set', 'cordon',
  'uncordon', 'drain', 'replace', 'label', 'taint', 'version',
];

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', kind: 'string' },
  { name: 'context', kind: 'string' },
  { name: 'cluster', kind: 'string' },
  { name: 'user', kind: 'string' },
  { name: 'kubeconfig', kind: 'string' },
  { name: 'request-timeout', kind: 'string' },
  { name: 'v', shorthand: 'v', kind: 'string' },
  { name: 'help', shorthand: 'h', kind: 'bool' },
];

const DRY_RUN: FlagSpec = { name: 'dry-run', kind: 'string', noOptDefVal: 'unchanged' };
const OUTPUT: FlagSpec = { name: 'output', shorthand: 'o', kind: 'string' };
const SELECTOR: FlagSpec = { name: 'selector', shorthand: 'l', kind: 'string' };
const FILENAME: FlagSpec = { name: 'filename', shorthand: 'f', kind: 'stringSlice' };
const RECURSIVE: FlagSpec = { name: 'recursive', shorthand: 'R', kind: 'bool' };
const KUSTOMIZE: FlagSpec = { name: 'kustomize', shorthand: 'k', kind: 'string' };
const ALL_NAMESPACES: FlagSpec = { name: 'all-namespaces', shorthand: 'A', kind: 'bool' };
const FIELD_MANAGER: FlagSpec = { name: 'field-manager', kind: 'string' };
const VALIDATE: FlagSpec = { name: 'validate', kind: 'string', noOptDefVal: 'strict' };
const FIELD_SELECTOR: FlagSpec = { name: 'field-selector', kind: 'string' };

/** Flags kubectl has that the simulator cannot honour; using them is reported, not ignored. */
const NOT_SIMULATED_FLAGS = new Set([
  'context', 'cluster', 'user', 'kubeconfig', 'kustomize', 'recursive', 'field-selector',
  'sort-by', 'raw', 'subresource', 'prune', 'local', 'since', 'since-time', 'limit-bytes',
]);

/** Parses kubectl's arguments (as tokenize() gives them, with or without the leading "kubectl"). */
export function parseKubectlArgs(argv: readonly string[]): KubectlCommand | KubectlArgsError {
  const words = argv[0] === 'kubectl' ? argv.slice(1) : [...argv];
  const offset = argv[0] === 'kubectl' ? 1 : 0;
  const verbIndex = findVerb(words);
  if (verbIndex < 0) {
    return { error: 'error: kubectl needs a command, e.g. "kubectl get pods"', kind: 'unsupported' };
  }
  const verb = words[verbIndex] as string;
  const rest = [...words.slice(0, verbIndex), ...words.slice(verbIndex + 1)];
  const at = verbIndex + offset;
  if (!KUBECTL_COMMANDS.includes(verb)) {
    return { error: `error: unknown command ${goQuote(verb)} for "kubectl"${suggestions(verb)}`, kind: 'usage', argIndex: at };
  }
  if (!SIMULATED_KUBECTL_COMMANDS.includes(verb)) {
    return {
      error: `error: "kubectl ${verb}" is not simulated by kube-anatomy (simulated: ${SIMULATED_KUBECTL_COMMANDS.join(', ')})`,
      kind: 'unsupported',
      argIndex: at,
    };
  }
  switch (verb) {
    case 'apply':
      return parseApply(rest);
    case 'create':
      return parseCreate(rest);
    case 'get':
      return parseGet(rest);
    case 'describe':
      return parseDescribe(rest);
    case 'delete':
      return parseDelete(rest);
    case 'scale':
      return parseScale(rest);
    case 'rollout':
      return parseRollout(rest);
    case 'logs':
      return parseLogs(rest);
    case 'set':
      return parseSet(rest);
    case 'cordon':
    case 'uncordon':
    case 'drain':
      return parseNodeMaintenance(verb, rest);
    case 'replace':
      return parseReplace(rest);
    case 'label':
      return parseLabel(rest);
    case 'taint':
      return parseTaint(rest);
    default:
      return parseVersion(rest);
  }
}

/**
 * The first positional word, skipping global flags and their values (`kubectl -n kube-system
 * get pods`), as cobra's command lookup does.
 */
function findVerb(words: readonly string[]): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('-') || w === '-') return i;
    const takesValue = /^(-n|--namespace|--context|--cluster|--user|--kubeconfig|--request-timeout|-v|--v)$/.test(w);
    if (takesValue) i++;
  }
  return -1;
}

/** cobra's "Did you mean this?" (Levenshtein distance ≤ 2, or a prefix). */
function suggestions(typed: string): string {
  const found = KUBECTL_COMMANDS.filter(
    (c) => c !== 'help' && (levenshtein(typed.toLowerCase(), c) <= 2 || c.startsWith(typed.toLowerCase())),
  );
  return found.length === 0 ? '' : `\n\nDid you mean this?\n${found.map((c) => `\t${c}\n`).join('')}`;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

type Flags = Map<string, FlagValue>;

interface Parsed {
  flags: Flags;
  args: string[];
}

/** Parses flags for `kubectl <path>`; on error returns kubectl's text with its usage hint. */
function flagsFor(path: string, argv: readonly string[], specs: FlagSpec[]): Parsed | KubectlArgsError {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...specs]);
  if (isFlagError(parsed)) {
    return { error: `error: ${parsed.flagError}\nSee 'kubectl ${path} --help' for usage.`, kind: 'usage' };
  }
  if (parsed.values.get('help') === true) {
    return { error: `error: "kubectl ${path} --help" is not simulated by kube-anatomy`, kind: 'unsupported' };
  }
  for (const name of parsed.values.keys()) {
    if (NOT_SIMULATED_FLAGS.has(name)) {
      return { error: `error: "kubectl ${path} --${name}" is not simulated by kube-anatomy`, kind: 'unsupported' };
    }
  }
  return { flags: parsed.values, args: parsed.args };
}

/**
 * Index of the first positional word (a subcommand such as "status" in `kubectl rollout -n ns
 * status deploy/web`), skipping flags and the values they take; -1 if there is none.
 */
function firstPositional(argv: readonly string[], specs: readonly FlagSpec[]): number {
  const all = [...GLOBAL_FLAGS, ...specs];
  const needsValue = (w: string): boolean => {
    if (w.startsWith('--')) {
      if (w.includes('=')) return false;
      const spec = all.find((s) => s.name === w.slice(2));
      return spec !== undefined && spec.kind !== 'bool' && spec.noOptDefVal === undefined;
    }
    // a shorthand group takes the next word only when its last letter is a value flag
    const last = w[w.length - 1] as string;
    const spec = all.find((s) => s.shorthand === last);
    return w.length === 2 && spec !== undefined && spec.kind !== 'bool' && spec.noOptDefVal === undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string;
    if (w === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!w.startsWith('-') || w === '-') return i;
    if (needsValue(w)) i++;
  }
  return -1;
}

function isError(x: unknown): x is KubectlArgsError {
  return typeof x === 'object' && x !== null && 'error' in x;
}

const str = (f: Flags, name: string): string | undefined => f.get(name) as string | undefined;
const bool = (f: Flags, name: string, dflt = false): boolean => (f.has(name) ? (f.get(name) as boolean) : dflt);
const int = (f: Flags, name: string, dflt: number): number => (f.has(name) ? (f.get(name) as number) : dflt);
const list = (f: Flags, name: string): string[] => (f.get(name) as string[] | undefined) ?? [];

function usage(path: string, message: string): KubectlArgsError {
  return { error: `error: ${message}\nSee 'kubectl ${path} -h' for help and examples`, kind: 'usage' };
}

function namespaceOf(f: Flags): Namespaced {
  const ns = str(f, 'namespace');
  return ns === undefined ? {} : { namespace: ns };
}

/** --dry-run: none|client|server; a bare --dry-run is the deprecated "unchanged" = client. */
function dryRunOf(f: Flags): DryRun | KubectlArgsError {
  const v = str(f, 'dry-run');
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === 'client' || v === 'true' || v === 'unchanged') return 'client';
  if (v === 'server') return 'server';
  return { error: `error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`, kind: 'usage' };
}

const ALL_OUTPUT_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** -o for commands that print objects (wide only where allowed). */
function outputOf(f: Flags, allowed: readonly OutputFormat[]): OutputFormat | undefined | KubectlArgsError {
  const v = str(f, 'output');
  if (v === undefined || v === '') return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as OutputFormat;
  const base = v.split('=')[0] as string;
  if (ALL_OUTPUT_FORMATS.split(',').includes(base)) {
    return { error: `error: "-o ${base}" is not simulated by kube-anatomy (simulated: ${allowed.join(', ')})`, kind: 'unsupported' };
  }
  const formats = allowed.includes('wide') ? ALL_OUTPUT_FORMATS : ALL_OUTPUT_FORMATS.replace(',wide', '');
  return {
    error: `error: unable to match a printer suitable for the output format ${goQuote(v)}, allowed formats are: ${formats}`,
    kind: 'usage',
  };
}

function durationOf(f: Flags, name: string): number {
  const v = str(f, name);
  return v === undefined ? 0 : (parseGoDuration(v) ?? 0);
}

/**
 * kubectl's resource builder argument forms (cli-runtime resource.Builder
 * ResourceTypeOrNameArgs): `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`, never both.
 */
function selectionOf(path: string, args: readonly string[]): Omit<Selection, 'allNamespaces' | 'namespace'> | KubectlArgsError {
  if (args.length === 0) return { resources: [], names: [], targets: [] };
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      return usage(
        path,
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    const targets: Target[] = [];
    for (const a of args) {
      const cut = a.indexOf('/');
      const resource = a.slice(0, cut);
      const name = a.slice(cut + 1);
      if (resource === '' || name === '') {
        return { error: `error: arguments in resource/name form must have a single resource and name`, kind: 'usage' };
      }
      targets.push({ resource, name });
    }
    return {
      resources: [...new Set(targets.map((t) => t.resource))],
      names: targets.map((t) => t.name as string),
      targets,
    };
  }
  const resources = (args[0] as string).split(',').filter((r) => r !== '');
  const names = args.slice(1);
  const targets: Target[] =
    names.length === 0 ? resources.map((resource) => ({ resource })) : resources.flatMap((resource) => names.map((name) => ({ resource, name })));
  return { resources, names, targets };
}

// ---------------------------------------------------------------------------------------------
// Verbs

function parseApply(argv: readonly string[]): ApplyCommand | KubectlArgsError {
  const p = flagsFor('apply', argv, [
    FILENAME, KUSTOMIZE, RECURSIVE, OUTPUT, DRY_RUN, VALIDATE, FIELD_MANAGER, SELECTOR,
    { name: 'server-side', kind: 'bool' },
    { name: 'force-conflicts', kind: 'bool' },
    { name: 'prune', kind: 'bool' },
    { name: 'force', kind: 'bool' },
    { name: 'overwrite', kind: 'bool' },
    { name: 'wait', kind: 'bool' },
  ]);
  if (isError(p)) return p;
  const files = list(p.flags, 'filename');
  if (files.length === 0) return { error: 'error: must specify one of -f and -k', kind: 'usage' };
  if (p.args.length > 0) return usage('apply', `Unexpected args: [${p.args.join(' ')}]`);
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: ApplyCommand = {
    verb: 'apply',
    files,
    ...namespaceOf(p.flags),
    dryRun,
    serverSide: bool(p.flags, 'server-side'),
    forceConflicts: bool(p.flags, 'force-conflicts'),
  };
  if (output) cmd.output = output;
  const fm = str(p.flags, 'field-manager');
  if (fm !== undefined) cmd.fieldManager = fm;
  return cmd;
}

function parseCreate(argv: readonly string[]): KubectlCommand | KubectlArgsError {
  const subAt = firstPositional(argv, [...CREATE_FLAGS, ...CREATE_DEPLOYMENT_FLAGS]);
  const sub = subAt < 0 ? undefined : argv[subAt];
  const others = argv.filter((_, i) => i !== subAt);
  if (sub === 'deployment' || sub === 'deploy') return parseCreateDeployment(others);
  if (sub === 'namespace' || sub === 'ns') return parseCreateNamespace(others);
  if (sub !== undefined) {
    return { error: `error: "kubectl create ${sub}" is not simulated by kube-anatomy (simulated: create -f, create deployment, create namespace)`, kind: 'unsupported' };
  }
  const p = flagsFor('create', argv, CREATE_FLAGS);
  if (isError(p)) return p;
  const files = list(p.flags, 'filename');
  if (files.length === 0) return usage('create', 'must specify one of -f and -k');
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: CreateFromFilesCommand = { verb: 'create', files, ...namespaceOf(p.flags), dryRun };
  if (output) cmd.output = output;
  return cmd;
}

const CREATE_FLAGS: FlagSpec[] = [
  FILENAME, KUSTOMIZE, RECURSIVE, OUTPUT, DRY_RUN, VALIDATE, FIELD_MANAGER, SELECTOR,
  { name: 'save-config', kind: 'bool' },
  { name: 'edit', kind: 'bool' },
];

const CREATE_DEPLOYMENT_FLAGS: FlagSpec[] = [
  OUTPUT, DRY_RUN, FIELD_MANAGER, VALIDATE,
  { name: 'image', kind: 'stringSlice' },
  { name: 'replicas', shorthand: 'r', kind: 'int' },
  { name: 'port', kind: 'int' },
  { name: 'save-config', kind: 'bool' },
];

function parseCreateDeployment(argv: readonly string[]): CreateDeploymentCommand | KubectlArgsError {
  const path = 'create deployment';
  const p = flagsFor(path, argv, CREATE_DEPLOYMENT_FLAGS);
  if (isError(p)) return p;
  if (p.args.length === 0) return usage(path, 'exactly one NAME is required, got 0');
  if (p.args.length > 1) return usage(path, `exactly one NAME is required, got ${p.args.length}`);
  const images = list(p.flags, 'image');
  if (images.length === 0) return { error: 'error: required flag(s) "image" not set', kind: 'usage' };
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: CreateDeploymentCommand = {
    verb: 'create deployment',
    name: p.args[0] as string,
    images,
    replicas: int(p.flags, 'replicas', 1),
    ...namespaceOf(p.flags),
    dryRun,
  };
  if (p.flags.has('port')) cmd.port = int(p.flags, 'port', -1);
  if (output) cmd.output = output;
  return cmd;
}

function parseCreateNamespace(argv: readonly string[]): CreateNamespaceCommand | KubectlArgsError {
  const path = 'create namespace';
  const p = flagsFor(path, argv, [OUTPUT, DRY_RUN, FIELD_MANAGER, VALIDATE, { name: 'save-config', kind: 'bool' }]);
  if (isError(p)) return p;
  if (p.args.length !== 1) return usage(path, `exactly one NAME is required, got ${p.args.length}`);
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: CreateNamespaceCommand = { verb: 'create namespace', name: p.args[0] as string, dryRun };
  if (output) cmd.output = output;
  return cmd;
}

function parseGet(argv: readonly string[]): GetCommand | KubectlArgsError {
  const p = flagsFor('get', argv, [
    OUTPUT, SELECTOR, ALL_NAMESPACES, FIELD_SELECTOR, FILENAME, KUSTOMIZE, RECURSIVE,
    { name: 'watch', shorthand: 'w', kind: 'bool' },
    { name: 'watch-only', kind: 'bool' },
    { name: 'output-watch-events', kind: 'bool' },
    { name: 'show-labels', kind: 'bool' },
    { name: 'show-kind', kind: 'bool' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'ignore-not-found', kind: 'bool' },
    { name: 'label-columns', shorthand: 'L', kind: 'stringSlice' },
    { name: 'sort-by', kind: 'string' },
    { name: 'raw', kind: 'string' },
    { name: 'subresource', kind: 'string' },
    { name: 'chunk-size', kind: 'int' },
    { name: 'server-print', kind: 'bool' },
    { name: 'show-managed-fields', kind: 'bool' },
  ]);
  if (isError(p)) return p;
  if (list(p.flags, 'filename').length > 0) {
    return { error: 'error: "kubectl get -f" is not simulated by kube-anatomy', kind: 'unsupported' };
  }
  if (p.args.length === 0) {
    return {
      error:
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
      kind: 'usage',
    };
  }
  const sel = selectionOf('get', p.args);
  if (isError(sel)) return sel;
  const output = outputOf(p.flags, ['wide', 'yaml', 'json', 'name']) ?? 'table';
  if (isError(output)) return output;
  const cmd: GetCommand = {
    verb: 'get',
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: bool(p.flags, 'all-namespaces'),
    output,
    watch: bool(p.flags, 'watch'),
    watchOnly: bool(p.flags, 'watch-only'),
    outputWatchEvents: bool(p.flags, 'output-watch-events'),
    showLabels: bool(p.flags, 'show-labels'),
    showKind: bool(p.flags, 'show-kind'),
    noHeaders: bool(p.flags, 'no-headers'),
    ignoreNotFound: bool(p.flags, 'ignore-not-found'),
    labelColumns: list(p.flags, 'label-columns'),
  };
  const selector = str(p.flags, 'selector');
  if (selector !== undefined) cmd.selector = selector;
  return cmd;
}

function parseDescribe(argv: readonly string[]): DescribeCommand | KubectlArgsError {
  const p = flagsFor('describe', argv, [SELECTOR, ALL_NAMESPACES, FILENAME, RECURSIVE, KUSTOMIZE, { name: 'show-events', kind: 'bool' }, { name: 'chunk-size', kind: 'int' }]);
  if (isError(p)) return p;
  if (list(p.flags, 'filename').length > 0) {
    return { error: 'error: "kubectl describe -f" is not simulated by kube-anatomy', kind: 'unsupported' };
  }
  if (p.args.length === 0) {
    return {
      error:
        'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        "error: Required resource not specified.\nSee 'kubectl describe -h' for help and examples",
      kind: 'usage',
    };
  }
  const sel = selectionOf('describe', p.args);
  if (isError(sel)) return sel;
  const cmd: DescribeCommand = {
    verb: 'describe',
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: bool(p.flags, 'all-namespaces'),
    showEvents: bool(p.flags, 'show-events', true),
  };
  const selector = str(p.flags, 'selector');
  if (selector !== undefined) cmd.selector = selector;
  return cmd;
}

const DELETE_NOTHING =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

function parseDelete(argv: readonly string[]): DeleteCommand | KubectlArgsError {
  const p = flagsFor('delete', argv, [
    FILENAME, KUSTOMIZE, RECURSIVE, SELECTOR, ALL_NAMESPACES, FIELD_SELECTOR, OUTPUT, DRY_RUN,
    { name: 'all', kind: 'bool' },
    { name: 'grace-period', kind: 'int' },
    { name: 'now', kind: 'bool' },
    { name: 'force', kind: 'bool' },
    { name: 'wait', kind: 'bool' },
    { name: 'cascade', kind: 'string', noOptDefVal: 'background' },
    { name: 'ignore-not-found', kind: 'bool' },
    { name: 'timeout', kind: 'duration' },
    { name: 'raw', kind: 'string' },
    { name: 'interactive', shorthand: 'i', kind: 'bool' },
  ]);
  if (isError(p)) return p;
  const files = list(p.flags, 'filename');
  if (files.length > 0 && p.args.length > 0) {
    return usage('delete', 'Unexpected args: [' + p.args.join(' ') + ']');
  }
  if (files.length === 0 && p.args.length === 0) return { error: DELETE_NOTHING, kind: 'usage' };
  const sel = selectionOf('delete', p.args);
  if (isError(sel)) return sel;
  const all = bool(p.flags, 'all');
  const selector = str(p.flags, 'selector');
  if (files.length === 0 && sel.names.length === 0 && !all && selector === undefined && !bool(p.flags, 'all-namespaces')) {
    return { error: 'error: resource(s) were provided, but no name was specified', kind: 'usage' };
  }
  const cascade = str(p.flags, 'cascade') ?? 'background';
  const cascadeValue: Cascade | undefined =
    cascade === 'background' || cascade === 'true' ? 'background' : cascade === 'foreground' ? 'foreground' : cascade === 'orphan' || cascade === 'false' ? 'orphan' : undefined;
  if (!cascadeValue) {
    return { error: `error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`, kind: 'usage' };
  }
  const output = outputOf(p.flags, ['name']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const now = bool(p.flags, 'now');
  let gracePeriod = int(p.flags, 'grace-period', -1);
  if (now) {
    if (gracePeriod !== -1) return { error: 'error: --now and --grace-period cannot be specified together', kind: 'usage' };
    gracePeriod = 1;
  }
  const cmd: DeleteCommand = {
    verb: 'delete',
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: bool(p.flags, 'all-namespaces'),
    files,
    all,
    gracePeriod,
    force: bool(p.flags, 'force'),
    now,
    wait: bool(p.flags, 'wait', true),
    cascade: cascadeValue,
    ignoreNotFound: bool(p.flags, 'ignore-not-found'),
    dryRun,
  };
  if (selector !== undefined) cmd.selector = selector;
  if (output) cmd.output = output;
  return cmd;
}

function parseScale(argv: readonly string[]): ScaleCommand | KubectlArgsError {
  const p = flagsFor('scale', argv, [
    SELECTOR, FILENAME, RECURSIVE, KUSTOMIZE, OUTPUT, DRY_RUN,
    { name: 'replicas', kind: 'int' },
    { name: 'current-replicas', kind: 'int' },
    { name: 'resource-version', kind: 'string' },
    { name: 'all', kind: 'bool' },
    { name: 'timeout', kind: 'duration' },
  ]);
  if (isError(p)) return p;
  if (list(p.flags, 'filename').length > 0) {
    return { error: 'error: "kubectl scale -f" is not simulated by kube-anatomy', kind: 'unsupported' };
  }
  if (!p.flags.has('replicas')) return { error: 'error: required flag(s) "replicas" not set', kind: 'usage' };
  const replicas = int(p.flags, 'replicas', -1);
  if (replicas < 0) return { error: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', kind: 'usage' };
  if (p.args.length === 0) return { error: DELETE_NOTHING, kind: 'usage' };
  const sel = selectionOf('scale', p.args);
  if (isError(sel)) return sel;
  const all = bool(p.flags, 'all');
  const selector = str(p.flags, 'selector');
  if (sel.names.length === 0 && !all && selector === undefined) {
    return { error: 'error: resource(s) were provided, but no name was specified', kind: 'usage' };
  }
  const output = outputOf(p.flags, ['name']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: ScaleCommand = {
    verb: 'scale',
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: false,
    replicas,
    currentReplicas: int(p.flags, 'current-replicas', -1),
    all,
    dryRun,
  };
  if (selector !== undefined) cmd.selector = selector;
  if (output) cmd.output = output;
  return cmd;
}

const ROLLOUT_ACTIONS: readonly RolloutAction[] = ['status', 'restart', 'history', 'undo', 'pause', 'resume'];

const ROLLOUT_FLAGS: FlagSpec[] = [
  SELECTOR, FILENAME, RECURSIVE, KUSTOMIZE, OUTPUT, DRY_RUN, FIELD_MANAGER,
  { name: 'watch', shorthand: 'w', kind: 'bool' },
  { name: 'timeout', kind: 'duration' },
  { name: 'revision', kind: 'int' },
  { name: 'to-revision', kind: 'int' },
];

function parseRollout(argv: readonly string[]): RolloutCommand | KubectlArgsError {
  const actionAt = firstPositional(argv, ROLLOUT_FLAGS);
  const action = actionAt < 0 ? undefined : argv[actionAt];
  if (action === undefined) {
    return { error: 'error: "kubectl rollout" needs a subcommand: ' + ROLLOUT_ACTIONS.join(', '), kind: 'usage' };
  }
  if (!(ROLLOUT_ACTIONS as readonly string[]).includes(action)) {
    return { error: `error: unknown command ${goQuote(action)} for "kubectl rollout"`, kind: 'usage' };
  }
  const path = `rollout ${action}`;
  const rest = argv.filter((_, i) => i !== actionAt);
  const p = flagsFor(path, rest, ROLLOUT_FLAGS);
  if (isError(p)) return p;
  if (list(p.flags, 'filename').length > 0) {
    return { error: `error: "kubectl ${path} -f" is not simulated by kube-anatomy`, kind: 'unsupported' };
  }
  const selector = str(p.flags, 'selector');
  if (p.args.length === 0 && selector === undefined) {
    return usage(path, 'required resource not specified');
  }
  const sel = selectionOf(path, p.args);
  if (isError(sel)) return sel;
  if (sel.names.length === 0 && selector === undefined) {
    return { error: 'error: resource(s) were provided, but no name was specified', kind: 'usage' };
  }
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: RolloutCommand = {
    verb: 'rollout',
    action: action as RolloutAction,
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: false,
    watch: bool(p.flags, 'watch', true),
    timeout: durationOf(p.flags, 'timeout'),
    revision: int(p.flags, 'revision', 0),
    toRevision: int(p.flags, 'to-revision', 0),
    dryRun,
  };
  if (selector !== undefined) cmd.selector = selector;
  if (output) cmd.output = output;
  return cmd;
}

function parseLogs(argv: readonly string[]): LogsCommand | KubectlArgsError {
  const p = flagsFor('logs', argv, [
    SELECTOR,
    { name: 'container', shorthand: 'c', kind: 'string' },
    { name: 'all-containers', kind: 'bool' },
    { name: 'follow', shorthand: 'f', kind: 'bool' },
    { name: 'previous', shorthand: 'p', kind: 'bool' },
    { name: 'tail', kind: 'int' },
    { name: 'timestamps', kind: 'bool' },
    { name: 'prefix', kind: 'bool' },
    { name: 'since', kind: 'duration' },
    { name: 'since-time', kind: 'string' },
    { name: 'limit-bytes', kind: 'int' },
    { name: 'ignore-errors', kind: 'bool' },
    { name: 'max-log-requests', kind: 'int' },
    { name: 'pod-running-timeout', kind: 'duration' },
  ]);
  if (isError(p)) return p;
  if (str(p.flags, 'selector') !== undefined) {
    return { error: 'error: "kubectl logs -l" is not simulated by kube-anatomy', kind: 'unsupported' };
  }
  if (p.args.length === 0) {
    return usage('logs', 'expected POD or TYPE/NAME is a required argument for the logs command');
  }
  if (p.args.length > 2) return usage('logs', 'expected POD or TYPE/NAME is a required argument for the logs command');
  const first = p.args[0] as string;
  const cut = first.indexOf('/');
  const target: Target = cut < 0 ? { resource: 'pod', name: first } : { resource: first.slice(0, cut), name: first.slice(cut + 1) };
  let container = str(p.flags, 'container');
  if (p.args.length === 2) {
    if (container !== undefined) return usage('logs', 'only one of -c or an inline [CONTAINER] arg is allowed');
    container = p.args[1] as string;
  }
  const cmd: LogsCommand = {
    verb: 'logs',
    target,
    ...namespaceOf(p.flags),
    allContainers: bool(p.flags, 'all-containers'),
    follow: bool(p.flags, 'follow'),
    previous: bool(p.flags, 'previous'),
    tail: int(p.flags, 'tail', -1),
    timestamps: bool(p.flags, 'timestamps'),
    prefix: bool(p.flags, 'prefix'),
  };
  if (container !== undefined) cmd.container = container;
  return cmd;
}

const SET_IMAGE_FLAGS: FlagSpec[] = [SELECTOR, FILENAME, RECURSIVE, KUSTOMIZE, OUTPUT, DRY_RUN, FIELD_MANAGER, { name: 'all', kind: 'bool' }, { name: 'local', kind: 'bool' }];

function parseSet(argv: readonly string[]): SetImageCommand | KubectlArgsError {
  const subAt = firstPositional(argv, SET_IMAGE_FLAGS);
  const sub = subAt < 0 ? undefined : argv[subAt];
  if (sub !== 'image') {
    return {
      error: sub === undefined ? 'error: "kubectl set" needs a subcommand, e.g. "kubectl set image"' : `error: "kubectl set ${sub}" is not simulated by kube-anatomy (simulated: set image)`,
      kind: sub === undefined ? 'usage' : 'unsupported',
    };
  }
  const path = 'set image';
  const p = flagsFor(path, argv.filter((_, i) => i !== subAt), SET_IMAGE_FLAGS);
  if (isError(p)) return p;
  const pairs = p.args.filter((a) => a.includes('='));
  const resourceArgs = p.args.filter((a) => !a.includes('='));
  if (pairs.length === 0) return usage(path, 'at least one image update is required');
  if (resourceArgs.length === 0) return usage(path, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const sel = selectionOf(path, resourceArgs);
  if (isError(sel)) return sel;
  const images = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    return { container: pair.slice(0, eq), image: pair.slice(eq + 1) };
  });
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: SetImageCommand = {
    verb: 'set image',
    ...sel,
    ...namespaceOf(p.flags),
    allNamespaces: false,
    images,
    all: bool(p.flags, 'all'),
    dryRun,
  };
  const selector = str(p.flags, 'selector');
  if (selector !== undefined) cmd.selector = selector;
  if (output) cmd.output = output;
  return cmd;
}

function parseNodeMaintenance(verb: 'cordon' | 'uncordon' | 'drain', argv: readonly string[]): NodeMaintenanceCommand | KubectlArgsError {
  const specs: FlagSpec[] = [SELECTOR, DRY_RUN];
  if (verb === 'drain') {
    specs.push(
      { name: 'force', kind: 'bool' },
      { name: 'ignore-daemonsets', kind: 'bool' },
      { name: 'delete-emptydir-data', kind: 'bool' },
      { name: 'grace-period', kind: 'int' },
      { name: 'timeout', kind: 'duration' },
      { name: 'pod-selector', kind: 'string' },
      { name: 'disable-eviction', kind: 'bool' },
      { name: 'skip-wait-for-delete-timeout', kind: 'int' },
      { name: 'chunk-size', kind: 'int' },
    );
  }
  const p = flagsFor(verb, argv, specs);
  if (isError(p)) return p;
  const selector = str(p.flags, 'selector');
  if (p.args.length === 0 && selector === undefined) return usage(verb, 'USAGE: ' + `${verb} NODE [flags]`);
  // drain.go Complete: a name and --selector together are a usage error (the message carries its own "error: ").
  if (p.args.length > 0 && selector) return usage(verb, 'cannot specify both a node name and a --selector option');
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: NodeMaintenanceCommand = {
    verb,
    nodes: p.args,
    dryRun,
    force: bool(p.flags, 'force'),
    ignoreDaemonsets: bool(p.flags, 'ignore-daemonsets'),
    deleteEmptydirData: bool(p.flags, 'delete-emptydir-data'),
    gracePeriod: int(p.flags, 'grace-period', -1),
    timeout: durationOf(p.flags, 'timeout'),
    disableEviction: bool(p.flags, 'disable-eviction'),
    skipWaitForDeleteTimeout: int(p.flags, 'skip-wait-for-delete-timeout', 0),
    chunkSize: int(p.flags, 'chunk-size', 500),
  };
  if (selector !== undefined) cmd.selector = selector;
  const podSelector = str(p.flags, 'pod-selector');
  if (podSelector) cmd.podSelector = podSelector;
  return cmd;
}

function parseReplace(argv: readonly string[]): ReplaceCommand | KubectlArgsError {
  const p = flagsFor('replace', argv, [FILENAME, RECURSIVE, KUSTOMIZE, OUTPUT, DRY_RUN, VALIDATE, FIELD_MANAGER, { name: 'force', kind: 'bool' }, { name: 'grace-period', kind: 'int' }, { name: 'cascade', kind: 'string', noOptDefVal: 'background' }, { name: 'save-config', kind: 'bool' }]);
  if (isError(p)) return p;
  if (bool(p.flags, 'force')) return { error: 'error: "kubectl replace --force" is not simulated by kube-anatomy', kind: 'unsupported' };
  const files = list(p.flags, 'filename');
  if (files.length === 0) return usage('replace', 'must specify --filename to replace');
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: ReplaceCommand = { verb: 'replace', files, ...namespaceOf(p.flags), dryRun };
  if (output) cmd.output = output;
  return cmd;
}

/** label.go parseLabels: `key=value` sets, `key-` removes; keys and values are validated by the server. */
function parseLabel(argv: readonly string[]): LabelCommand | KubectlArgsError {
  const p = flagsFor('label', argv, [SELECTOR, FILENAME, RECURSIVE, KUSTOMIZE, OUTPUT, DRY_RUN, FIELD_MANAGER, ALL_NAMESPACES, FIELD_SELECTOR, { name: 'overwrite', kind: 'bool' }, { name: 'all', kind: 'bool' }, { name: 'list', kind: 'bool' }, { name: 'local', kind: 'bool' }, { name: 'resource-version', kind: 'string' }]);
  if (isError(p)) return p;
  const changeArgs = p.args.filter((a) => a.includes('=') || (a.endsWith('-') && a.length > 1));
  const resourceArgs = p.args.filter((a) => !changeArgs.includes(a));
  if (resourceArgs.length === 0) return usage('label', 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (changeArgs.length === 0) return usage('label', 'at least one label update is required');
  const changes: LabelCommand['changes'] = [];
  for (const a of changeArgs) {
    if (a.includes('=')) {
      const eq = a.indexOf('=');
      changes.push({ key: a.slice(0, eq), value: a.slice(eq + 1) });
    } else changes.push({ key: a.slice(0, -1), value: null });
  }
  const sel = selectionOf('label', resourceArgs);
  if (isError(sel)) return sel;
  const all = bool(p.flags, 'all');
  const selector = str(p.flags, 'selector');
  if (sel.names.length === 0 && !all && selector === undefined) return { error: 'error: resource(s) were provided, but no name was specified', kind: 'usage' };
  const output = outputOf(p.flags, ['name', 'yaml', 'json']);
  if (isError(output)) return output;
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: LabelCommand = { verb: 'label', ...sel, ...namespaceOf(p.flags), allNamespaces: bool(p.flags, 'all-namespaces'), changes, overwrite: bool(p.flags, 'overwrite'), all, dryRun };
  if (selector !== undefined) cmd.selector = selector;
  if (output) cmd.output = output;
  return cmd;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** taint.go / pkg/util/taints ParseTaints: `key[=value]:Effect` adds, `key[:Effect]-` removes. */
function parseTaint(argv: readonly string[]): TaintCommand | KubectlArgsError {
  const p = flagsFor('taint', argv, [SELECTOR, DRY_RUN, FIELD_MANAGER, OUTPUT, VALIDATE, { name: 'overwrite', kind: 'bool' }, { name: 'all', kind: 'bool' }]);
  if (isError(p)) return p;
  const [resource, ...rest] = p.args;
  if (resource === undefined) return usage('taint', 'at least one taint update is required');
  let nodes: string[];
  let specs: string[];
  if (resource.includes('/')) {
    const [type, name] = resource.split('/') as [string, string];
    if (!['node', 'nodes', 'no'].includes(type)) return { error: `error: invalid resource type ${type}, only node types are supported`, kind: 'usage' };
    nodes = [name];
    specs = rest;
  } else {
    if (!['node', 'nodes', 'no'].includes(resource)) return { error: `error: invalid resource type ${resource}, only node types are supported`, kind: 'usage' };
    const all = bool(p.flags, 'all');
    const selector = str(p.flags, 'selector');
    const names = all || selector !== undefined ? [] : rest.slice(0, 1);
    nodes = names;
    specs = rest.slice(names.length);
  }
  if (specs.length === 0) return usage('taint', 'at least one taint update is required');
  const add: TaintCommand['add'] = [];
  const remove: TaintCommand['remove'] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const colon = body.indexOf(':');
      const key = colon < 0 ? body : body.slice(0, colon);
      const effect = colon < 0 ? undefined : body.slice(colon + 1);
      if (effect !== undefined && !TAINT_EFFECTS.includes(effect)) return { error: `error: invalid taint spec: ${spec}, invalid taint effect: ${effect}, unsupported taint effect`, kind: 'usage' };
      remove.push(effect !== undefined ? { key, effect } : { key });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) return { error: `error: invalid taint spec: ${spec}`, kind: 'usage' };
    const effect = spec.slice(colon + 1);
    if (!TAINT_EFFECTS.includes(effect)) return { error: `error: invalid taint spec: ${spec}, invalid taint effect: ${effect}, unsupported taint effect`, kind: 'usage' };
    const kv = spec.slice(0, colon);
    const eq = kv.indexOf('=');
    add.push({ key: eq < 0 ? kv : kv.slice(0, eq), value: eq < 0 ? '' : kv.slice(eq + 1), effect });
  }
  const dryRun = dryRunOf(p.flags);
  if (isError(dryRun)) return dryRun;
  const cmd: TaintCommand = { verb: 'taint', nodes, all: bool(p.flags, 'all'), overwrite: bool(p.flags, 'overwrite'), add, remove, dryRun };
  const selector = str(p.flags, 'selector');
  if (selector !== undefined) cmd.selector = selector;
  return cmd;
}

function parseVersion(argv: readonly string[]): VersionCommand | KubectlArgsError {
  const p = flagsFor('version', argv, [OUTPUT, { name: 'client', kind: 'bool' }]);
  if (isError(p)) return p;
  if (p.args.length > 0) return usage('version', `unexpected arguments: [${p.args.join(' ')}]`);
  const o = str(p.flags, 'output');
  if (o !== undefined && o !== 'yaml' && o !== 'json') {
    return { error: "error: --output must be 'yaml' or 'json'", kind: 'usage' };
  }
  const cmd: VersionCommand = { verb: 'version', client: bool(p.flags, 'client') };
  if (o !== undefined) cmd.output = o;
  return cmd;
}
