import { faultCompletions, type FaultPod, type FaultTable } from './fault-line.ts';

/** The tools the console knows (the engine's command surface, plus kube-anatomy's own `fault`). */
export const TOOLS = ['kubectl', 'etcdctl', 'crictl', 'ctr', 'runc', 'rkt', 'docker', 'ip', 'ssh', 'fault', 'help', 'clear'] as const;

/** kubectl's verbs, as `kubectl --help` lists them (the ones a workshop types). */
export const KUBECTL_VERBS = ['annotate', 'api-resources', 'apply', 'cluster-info', 'cordon', 'create', 'delete', 'describe', 'drain', 'edit', 'exec', 'explain', 'expose', 'get', 'label', 'logs', 'patch', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait'];

/** Resource types with their kubectl short names (`kubectl api-resources`), and the kind each names. */
const RESOURCES: readonly { names: readonly string[]; kind: string }[] = [
  { names: ['pods', 'pod', 'po'], kind: 'Pod' },
  { names: ['deployments', 'deployment', 'deploy'], kind: 'Deployment' },
  { names: ['replicasets', 'replicaset', 'rs'], kind: 'ReplicaSet' },
  { names: ['nodes', 'node', 'no'], kind: 'Node' },
  { names: ['services', 'service', 'svc'], kind: 'Service' },
  { names: ['namespaces', 'namespace', 'ns'], kind: 'Namespace' },
  { names: ['events', 'event', 'ev'], kind: 'Event' },
  { names: ['endpoints', 'ep'], kind: 'Endpoints' },
  { names: ['configmaps', 'configmap', 'cm'], kind: 'ConfigMap' },
  { names: ['secrets', 'secret'], kind: 'Secret' },
  { names: ['serviceaccounts', 'serviceaccount', 'sa'], kind: 'ServiceAccount' },
  { names: ['leases', 'lease'], kind: 'Lease' },
];
/** The verbs whose next word is a resource type. */
const TYPED_VERBS = ['annotate', 'delete', 'describe', 'edit', 'explain', 'get', 'label', 'patch', 'scale', 'wait'];
const NODE_VERBS = ['cordon', 'uncordon', 'drain', 'taint'];
export const KUBECTL_FLAGS = ['--all-namespaces', '--filename', '--force', '--grace-period', '--ignore-daemonsets', '--image', '--namespace', '--output', '--replicas', '--selector', '--show-labels', '--watch', '-A', '-f', '-l', '-n', '-o', '-w'];
const ROLLOUT = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

/** Subcommands of the node-level tools (their `--help`). */
const SUBCOMMANDS: Record<string, readonly string[]> = {
  etcdctl: ['compaction', 'del', 'endpoint', 'get', 'member', 'put', 'txn', 'watch'],
  crictl: ['create', 'exec', 'images', 'inspect', 'inspecti', 'inspectp', 'logs', 'pods', 'ps', 'pull', 'rm', 'rmp', 'runp', 'start', 'stop', 'stopp'],
  ctr: ['containers', 'events', 'images', 'namespaces', 'snapshots', 'tasks'],
  runc: ['create', 'delete', 'events', 'exec', 'kill', 'list', 'ps', 'run', 'spec', 'start', 'state'],
  rkt: ['fetch', 'gc', 'image', 'list', 'run', 'status'],
  docker: ['exec', 'images', 'inspect', 'logs', 'ps', 'pull', 'rm', 'run', 'stop'],
  ip: ['addr', 'link', 'netns', 'route'],
};

/** What completion may offer at the playhead: object names by kind (from the world state) and the fault types. */
export interface CompletionContext {
  /** Object names by kind; etcd members under `EtcdMember`. */
  names: ReadonlyMap<string, readonly string[]>;
  faults: readonly string[];
  /** The engine's fault table (source.knownFaultFields): with it, `fault` completes each type's own fields and values. */
  faultTable?: FaultTable;
  /** The Pods at the playhead, for `pod=`, `container=`, `image=` of a fault. */
  pods?: readonly FaultPod[];
}

export interface Completion {
  /** The line with the word completed as far as the choices agree (unchanged when they do not). */
  line: string;
  /** Every choice for the word, when more than one (shown under the prompt, as a shell lists them). */
  choices: string[];
}

/**
 * Tab completion of the last word of `line`, as bash completion for kubectl does it: tools first,
 * then the tool's verbs or subcommands, resource types, flags and the names of the objects that
 * exist at the playhead (`deployment/w` → `deployment/web`).
 */
export function complete(line: string, ctx: CompletionContext): Completion {
  const words = line.split(/\s+/);
  const word = words[words.length - 1] ?? '';
  const before = words.slice(0, -1).filter((w) => w !== '');
  const head = line.slice(0, line.length - word.length);
  const { candidates, prefix } = candidatesFor(before, word, ctx);
  const matching = [...new Set(candidates.filter((c) => c.startsWith(word.slice(prefix.length))))].sort();
  if (matching.length === 0) return { line, choices: [] };
  if (matching.length === 1) return { line: `${head}${prefix}${matching[0] as string}${matching[0]?.endsWith('=') ? '' : ' '}`, choices: [] };
  const common = commonPrefix(matching);
  return { line: `${head}${prefix}${common.length > word.length - prefix.length ? common : word.slice(prefix.length)}`, choices: matching.map((m) => prefix + m) };
}

function candidatesFor(before: readonly string[], word: string, ctx: CompletionContext): { candidates: readonly string[]; prefix: string } {
  const none = { candidates: [] as string[], prefix: '' };
  if (before.length === 0) return { candidates: TOOLS, prefix: '' };
  const tool = before[0] as string;
  if (tool === 'ssh') {
    // ssh node-1 sudo crictl ps: after the host, complete the remote command as a line of its own.
    if (before.length === 1) return { candidates: ctx.names.get('Node') ?? [], prefix: '' };
    const rest = before.slice(before[2] === 'sudo' ? 3 : 2);
    if (before.length === 2 && word !== '' && 'sudo'.startsWith(word)) return { candidates: ['sudo', ...TOOLS.slice(0, 8)], prefix: '' };
    return candidatesFor(rest, word, ctx);
  }
  if (tool === 'fault') {
    if (ctx.faultTable) return faultCompletions(before, word, ctx.faultTable, ctx.names, ctx.pods);
    // The table is still loading: the types at least.
    return before.length === 1 ? { candidates: ctx.faults, prefix: '' } : none;
  }
  if (tool !== 'kubectl') return before.length === 1 ? { candidates: SUBCOMMANDS[tool] ?? [], prefix: '' } : none;
  if (word.startsWith('-')) return { candidates: KUBECTL_FLAGS, prefix: '' };
  const args = before.slice(1).filter((w) => !w.startsWith('-'));
  if (args.length === 0) return { candidates: KUBECTL_VERBS, prefix: '' };
  const verb = args[0] as string;
  if (verb === 'rollout') {
    if (args.length === 1) return { candidates: ROLLOUT, prefix: '' };
    return typeOrName(args.slice(2), word, ctx, ['deployment', 'deployments', 'deploy']);
  }
  if (NODE_VERBS.includes(verb)) return args.length === 1 ? { candidates: ctx.names.get('Node') ?? [], prefix: '' } : none;
  if (verb === 'logs' || verb === 'exec') return args.length === 1 ? { candidates: ctx.names.get('Pod') ?? [], prefix: '' } : none;
  if (TYPED_VERBS.includes(verb)) return typeOrName(args.slice(1), word, ctx, RESOURCES.flatMap((r) => r.names));
  return none;
}

/** A resource type, `type/name`, or after a type the names of that kind. */
function typeOrName(args: readonly string[], word: string, ctx: CompletionContext, types: readonly string[]): { candidates: readonly string[]; prefix: string } {
  const slash = word.indexOf('/');
  if (slash >= 0) {
    const kind = kindOf(word.slice(0, slash));
    return { candidates: kind ? (ctx.names.get(kind) ?? []) : [], prefix: word.slice(0, slash + 1) };
  }
  if (args.length === 0) return { candidates: types, prefix: '' };
  const kind = kindOf(args[0] as string);
  return { candidates: kind ? (ctx.names.get(kind) ?? []) : [], prefix: '' };
}

function kindOf(resource: string): string | undefined {
  return RESOURCES.find((r) => r.names.includes(resource.toLowerCase()))?.kind;
}

function commonPrefix(xs: readonly string[]): string {
  let p = xs[0] ?? '';
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** The names of the objects that exist, by kind (for completion). */
export function namesByKind(objects: Iterable<{ ref: { kind: string; name: string } }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objects) {
    const list = out.get(o.ref.kind) ?? [];
    list.push(o.ref.name);
    out.set(o.ref.kind, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}
