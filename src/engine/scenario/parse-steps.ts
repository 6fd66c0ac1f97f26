import { type Document, type Scalar, isMap, isScalar, isSeq } from 'yaml';
import { parseDuration } from '../../base/time.ts';
import { type KubectlArgsError, type KubectlCommand, isKubectlArgsError, parseKubectlArgs } from '../commands/kubectl/args.ts';
import { type NameRule } from '../commands/kubectl/manifests.ts';
import { TokenizeError, type Token, tokenizeWithPositions } from '../commands/tokenize.ts';
import { parseNode } from './parse-cluster.ts';
import { manifestsInScalar } from './parse-objects.ts';
import { DEFAULT_SETTLE_HORIZON, type NodeSpecInScenario, type ScenarioStep } from './types.ts';
import { type Source, describeNode, entries } from './yaml-source.ts';
import { FAULT_FIELDS, FAULT_TYPES, MEMBER_FIELDS } from '../faults/fields.ts';

/** The `steps:` section: run, wait, until, fault and join steps (DESIGN.md 3.2 and 5). */

/** The programs a `run:` line may start with. */
export const KNOWN_PROGRAMS = ['kubectl', 'etcdctl', 'crictl', 'ctr', 'runc', 'rkt', 'docker', 'ip', 'ssh'] as const;

/** Fault injections a `fault:` step may name (src/engine/faults/fields.ts); other keys of the step are passed through. */
export { FAULT_TYPES };

const ACTIONS = ['run', 'wait', 'until', 'fault', 'join'];
const STEP_KEYS = [...ACTIONS, 'stdin'];
const UNTIL_HINT = '"until" must be "settled" or {settled: true, timeout: 5m}';

/** `etcdMembers`: how many etcd members the cluster has (cluster.etcd.members), for the faults that name one. */
export function parseSteps(src: Source, doc: Document, node: unknown, nodes: readonly NodeSpecInScenario[], etcdMembers = 1): ScenarioStep[] {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) throw src.error(src.of(node), `"steps" must be a list of steps, got ${describeNode(node)}`);
  // Nodes that joined in earlier steps count as the cluster's for later steps.
  const known = [...nodes];
  return node.items.map((item, i) => {
    const step = parseStep(src, doc, item, `steps[${i}]`, known, etcdMembers);
    if (step.type === 'join') known.push(step.node);
    return step;
  });
}

function parseStep(src: Source, doc: Document, node: unknown, path: string, nodes: readonly NodeSpecInScenario[], etcdMembers: number): ScenarioStep {
  if (!isMap(node)) throw src.error(src.of(node), `${path}: a step is a mapping like {run: kubectl get pods} or {wait: 30s}, got ${describeNode(node)}`);
  const line = src.of(node).line;
  const fields = entries(node);
  for (const f of fields) {
    if (!STEP_KEYS.includes(f.key)) throw src.error(src.of(f.keyNode), `${path}: unknown key "${f.key}" (known: ${STEP_KEYS.join(', ')})`);
  }
  const actions = fields.filter((f) => ACTIONS.includes(f.key));
  if (actions.length === 0) throw src.error(src.of(node), `${path}: a step needs one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}`);
  if (actions.length > 1) {
    throw src.error(src.of(actions[1]?.keyNode), `${path}: a step does one thing; found ${actions.map((a) => `"${a.key}"`).join(' and ')}`);
  }
  const action = actions[0] as (typeof fields)[number];
  const stdin = fields.find((f) => f.key === 'stdin');
  if (stdin && action.key !== 'run') throw src.error(src.of(stdin.keyNode), `${path}: "stdin" goes with a "run" step`);
  const at = src.of(action.value ?? action.keyNode);
  switch (action.key) {
    case 'run':
      return parseRun(src, action.value, stdin?.value, stdin?.keyNode, path, line, nodes);
    case 'wait': {
      const v = isScalar(action.value) ? action.value.value : undefined;
      const duration = typeof v === 'string' ? parseDuration(v) : undefined;
      if (duration === undefined) throw src.error(at, `${path}: "wait" must be a duration like 30s, got ${describeNode(action.value)}`);
      return { type: 'wait', line, duration };
    }
    case 'until':
      return { type: 'until', line, condition: 'settled', horizon: parseUntil(src, action.value, path) };
    case 'join':
      return { type: 'join', line, node: parseJoin(src, action.value, action.keyNode, path, nodes) };
    default:
      return { type: 'fault', line, fault: parseFault(src, doc, action.value, path, nodes, etcdMembers) };
  }
}

/**
 * `join: {name: node-3, cpu: "8", memory: 16Gi}`: the keys, defaults and checks of a
 * cluster.nodes entry; the name must be new to the cluster.
 */
function parseJoin(src: Source, node: unknown, keyNode: unknown, path: string, nodes: readonly NodeSpecInScenario[]): NodeSpecInScenario {
  if (!isMap(node)) throw src.error(src.of(node ?? keyNode), `${path}: "join" must be a node mapping like {name: node-3, cpu: "8", memory: 16Gi}, got ${describeNode(node)}`);
  const parsed = parseNode(src, node, `${path}.join`);
  if (nodes.some((n) => n.name === parsed.spec.name)) {
    throw src.error(parsed.namePos, `${path}.join: node name "${parsed.spec.name}" is already in the cluster (nodes: ${nodes.map((n) => n.name).join(', ')})`);
  }
  return parsed.spec;
}

function parseUntil(src: Source, node: unknown, path: string): number {
  if (isScalar(node) && node.value === 'settled') return DEFAULT_SETTLE_HORIZON;
  if (!isMap(node)) throw src.error(src.of(node), `${path}: ${UNTIL_HINT}, got ${describeNode(node)}`);
  let settled = false;
  let horizon = DEFAULT_SETTLE_HORIZON;
  for (const { key, keyNode, value } of entries(node)) {
    const v = isScalar(value) ? value.value : undefined;
    if (key === 'settled' && v === true) settled = true;
    else if (key === 'timeout') {
      const d = typeof v === 'string' ? parseDuration(v) : undefined;
      if (d === undefined || d <= 0) throw src.error(src.of(value ?? keyNode), `${path}: "timeout" must be a duration like 5m, got ${describeNode(value)}`);
      horizon = d;
    } else throw src.error(src.of(keyNode), `${path}: ${UNTIL_HINT}`);
  }
  if (!settled) throw src.error(src.of(node), `${path}: ${UNTIL_HINT}`);
  return horizon;
}

function parseFault(src: Source, doc: Document, node: unknown, path: string, nodes: readonly NodeSpecInScenario[], etcdMembers: number): Record<string, unknown> {
  if (!isMap(node)) throw src.error(src.of(node), `${path}: "fault" must be a mapping like {type: node-down, node: node-2}, got ${describeNode(node)}`);
  const fault = node.toJS(doc) as Record<string, unknown>;
  const typeNode = node.get('type', true);
  const fields = FAULT_FIELDS[String(fault['type'])];
  if (typeof fault['type'] !== 'string' || !fields) {
    throw src.error(src.of(typeNode ?? node), `${path}: unknown fault type ${describeNode(typeNode)} (known: ${FAULT_TYPES.join(', ')})`);
  }
  const type = fault['type'];
  const nodeNames = nodes.map((n) => n.name).join(', ');
  // The member by its instance name, as in the trace's actor etcd/etcd-1.
  const members = Array.from({ length: etcdMembers }, (_, i) => `etcd-${i}`);
  const like = (field: string): string => (field === 'node' ? `like ${nodes[nodes.length - 1]?.name ?? 'node-1'} (nodes: ${nodeNames})` : MEMBER_FIELDS.includes(field) ? `like ${field === 'members' ? '[etcd-0, etcd-1]' : 'etcd-1'} (members: ${members.join(', ')})` : `(${fields.example})`);
  for (const field of fields.required) {
    if (!(field in fault)) throw src.error(src.of(node), `${path}: fault "${type}" needs a "${field}" ${like(field)}`);
  }
  if (fields.oneOf) {
    const given = fields.oneOf.filter((f) => f in fault);
    if (given.length === 0) throw src.error(src.of(node), `${path}: fault "${type}" needs ${fields.oneOf.map((f) => `"${f}"`).join(' or ')}, like ${fields.example}`);
    if (given.length > 1 && type === 'etcd-partition') throw src.error(src.of(node.get(given[1] as string, true)), `${path}: fault "${type}" takes "members" or "isolate", not both`);
  }
  for (const [field, allowed] of Object.entries(fields.values ?? {})) {
    if (field in fault && !allowed.includes(fault[field] as string)) {
      throw src.error(src.of(node.get(field, true)), `${path}: fault "${type}": "${field}" must be one of ${allowed.join(', ')}, got ${describeNode(node.get(field, true))}`);
    }
  }
  for (const field of ['pod', 'container', 'namespace', 'image']) {
    if (field in fault && (typeof fault[field] !== 'string' || fault[field] === '')) {
      throw src.error(src.of(node.get(field, true)), `${path}: fault "${type}": "${field}" must be a name, got ${describeNode(node.get(field, true))}`);
    }
  }
  if ('node' in fault) {
    const nodeNode = node.get('node', true);
    if (!nodes.some((n) => n.name === fault['node'])) {
      throw src.error(src.of(nodeNode), `${path}: fault names node ${describeNode(nodeNode)}, which is not in the cluster (nodes: ${nodeNames})`);
    }
  }
  const clusterHint = `(members: ${members.join(', ')}; cluster.etcd.members sets how many)`;
  for (const field of MEMBER_FIELDS) {
    if (!(field in fault) || !(fields.required.includes(field) || fields.optional.includes(field))) continue;
    const valueNode = node.get(field, true);
    const names = field === 'members' ? fault[field] : [fault[field]];
    if (!Array.isArray(names) || names.length === 0) throw src.error(src.of(valueNode), `${path}: fault "${type}": "members" must be a list of members like [etcd-0, etcd-1], got ${describeNode(valueNode)}`);
    for (const [i, name] of names.entries()) {
      if (!members.includes(name as string)) {
        const at = field === 'members' && isSeq(valueNode) ? valueNode.items[i] : valueNode;
        throw src.error(src.of(at), `${path}: fault names etcd member ${describeNode(at)}, which is not in the cluster ${clusterHint}`);
      }
    }
    if (field === 'members' && names.length >= members.length) throw src.error(src.of(valueNode), `${path}: fault "${type}": "members" must leave at least one member on the other side ${clusterHint}`);
  }
  if ((type === 'etcd-partition' || type === 'etcd-heal') && etcdMembers < 2) {
    throw src.error(src.of(typeNode), `${path}: fault "${type}" needs an etcd cluster of several members (cluster.etcd.members: 3)`);
  }
  return fault;
}

// ---------------------------------------------------------------------------------------------
// run steps

function parseRun(src: Source, node: unknown, stdinNode: unknown, stdinKey: unknown, path: string, line: number, nodes: readonly NodeSpecInScenario[]): ScenarioStep {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'string' || v.trim() === '') throw src.error(src.of(node), `${path}: "run" must be a command line like kubectl get pods, got ${describeNode(node)}`);
  const scalar = node as Scalar;
  let tokens: Token[];
  try {
    tokens = tokenizeWithPositions(v);
  } catch (e) {
    if (e instanceof TokenizeError) throw src.error(src.inScalar(scalar, e.column - 1), `${path}: ${e.reason}`);
    throw e;
  }
  const command = v.trim();
  const program = tokens[0];
  if (!program) throw src.error(src.of(node), `${path}: "run" must be a command line like kubectl get pods`);
  if (!(KNOWN_PROGRAMS as readonly string[]).includes(program.value)) {
    throw src.error(src.inScalar(scalar, program.start), `${path}: unknown command ${JSON.stringify(program.value)} (known: ${KNOWN_PROGRAMS.join(', ')})`);
  }
  let stdin: string | undefined;
  if (stdinNode !== undefined) {
    const s = isScalar(stdinNode) ? stdinNode.value : undefined;
    if (typeof s !== 'string') throw src.error(src.of(stdinNode ?? stdinKey), `${path}: "stdin" must be text (use a block: stdin: |), got ${describeNode(stdinNode)}`);
    stdin = s;
  }
  if (program.value === 'kubectl') checkKubectl(src, scalar, tokens, stdinNode as Scalar | undefined, stdinKey, path);
  if (program.value === 'ssh') checkSshHost(src, scalar, tokens, path, nodes);
  const step: ScenarioStep = { type: 'run', line, command };
  if (stdin !== undefined) step.stdin = stdin;
  return step;
}

/**
 * `ssh <node> <command>` (a command on a node, docs/scenario-format.md "Commands on a node"):
 * the host must be one of the cluster's nodes (those joined by earlier steps count) and a command
 * must follow it; options before the host (`-t`) and a `user@` prefix are allowed.
 */
function checkSshHost(src: Source, node: Scalar, tokens: Token[], path: string, nodes: readonly NodeSpecInScenario[]): void {
  let i = 1;
  while (tokens[i]?.value.startsWith('-')) i++;
  const host = tokens[i];
  const names = nodes.map((n) => n.name).join(', ');
  if (!host) throw src.error(src.of(node), `${path}: "ssh" needs a node and a command, like ssh ${nodes[0]?.name ?? 'node-1'} crictl ps (nodes: ${names})`);
  const name = host.value.replace(/^[^@]*@/, '');
  if (!nodes.some((n) => n.name === name)) throw src.error(src.inScalar(node, host.start), `${path}: ssh names node ${JSON.stringify(name)}, which is not in the cluster (nodes: ${names})`);
  if (!tokens[i + 1]) throw src.error(src.inScalar(node, host.start), `${path}: "ssh ${host.value}" needs the command to run on the node, like ssh ${name} crictl ps`);
}

function checkKubectl(src: Source, node: Scalar, tokens: Token[], stdinNode: Scalar | undefined, stdinKey: unknown, path: string): void {
  const parsed = parseKubectlArgs(tokens.map((t) => t.value));
  if (isKubectlArgsError(parsed)) {
    const token = parsed.argIndex !== undefined ? tokens[parsed.argIndex] : undefined;
    throw src.error(src.inScalar(node, token?.start ?? 0), `${path}: ${describeArgsError(parsed)}`);
  }
  const files = filesOf(parsed);
  const readsStdin = files.includes('-');
  const verb = `kubectl ${parsed.verb}`;
  if (readsStdin && stdinNode === undefined) {
    throw src.error(src.of(node), `${path}: "${verb} -f -" reads standard input: add a "stdin:" block with the manifests`);
  }
  if (!readsStdin && stdinNode !== undefined) {
    throw src.error(src.of(stdinKey), `${path}: "stdin" is given but "${verb}" does not read standard input (use -f -)`);
  }
  for (const f of files) {
    if (/^[a-z]+:\/\//i.test(f)) throw src.error(src.of(node), `${path}: -f ${f}: reading manifests from URLs is not simulated; save the file beside the scenario`);
  }
  if (readsStdin && stdinNode) manifestsInScalar(src, stdinNode, `${path}: stdin`, nameRuleFor(parsed));
}

/**
 * kubectl's message as a scenario problem: its first line without "error: " (the usage hint
 * dropped), with cobra's suggestions inline.
 */
export function describeArgsError(e: KubectlArgsError): string {
  const [main, suggestionText] = e.error.split('\n\nDid you mean this?\n');
  const first = (main as string).split('\n').find((l) => l.trim() !== '') ?? e.error;
  const text = first.replace(/^error: /, '');
  const suggestions = (suggestionText ?? '').split('\n').map((s) => s.trim()).filter((s) => s !== '');
  return suggestions.length > 0 ? `${text} (did you mean ${suggestions.map((s) => JSON.stringify(s)).join(' or ')}?)` : text;
}

/** Files a kubectl command reads (`-f`), '-' for stdin. */
export function filesOf(cmd: KubectlCommand): string[] {
  if (cmd.verb === 'apply' || cmd.verb === 'create' || cmd.verb === 'delete' || cmd.verb === 'replace') return cmd.files;
  return [];
}

function nameRuleFor(cmd: KubectlCommand): NameRule {
  return cmd.verb === 'create' ? 'nameOrGenerateName' : 'name';
}
