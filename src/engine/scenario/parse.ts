import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import { isKubectlArgsError, parseKubectlArgs } from '../commands/kubectl/args.ts';
import { MANIFEST_YAML_OPTIONS } from '../commands/kubectl/manifests.ts';
import { tokenize } from '../commands/tokenize.ts';
import { defaultNode, parseCluster } from './parse-cluster.ts';
import { parseObjects } from './parse-objects.ts';
import { filesOf, parseSteps } from './parse-steps.ts';
import { DEFAULT_TIME_ORIGIN, type Scenario } from './types.ts';
import { Source, describeNode, entries } from './yaml-source.ts';

/**
 * The scenario script parser (DESIGN.md 3.2 and 5). Pure: text in, a validated Scenario out, or
 * a ScenarioError that names the place (`file:line:column`) and the reason. Everything is
 * checked here, before the engine runs: unknown keys, values of the wrong shape, command lines
 * (known program, kubectl verb and flags, stdin for `-f -`), manifests (apiVersion, kind and
 * name, at their line inside the file), fault types and the nodes they name.
 *
 * Files named by `kubectl apply -f <path>` are not read here (no I/O in the engine): see
 * collectManifestFiles.
 */

const TOP_KEYS = ['seed', 'timeOrigin', 'cluster', 'objects', 'steps'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseScenario(text: string, file: string): Scenario {
  const lc = new LineCounter();
  const src = new Source(file, text, lc);
  const docs = [...parseAllDocuments(text, { ...MANIFEST_YAML_OPTIONS, lineCounter: lc })];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) throw src.error(src.at(err.pos[0]), err.message);
  }
  const filled = docs.filter((d) => d.contents !== null);
  if (filled.length > 1) throw src.error(src.of(filled[1]?.contents), 'a scenario file holds one YAML document; a second one starts here');
  const doc = filled[0];
  if (!doc) throw src.error({ line: 1, column: 1 }, 'empty scenario: expected a mapping with "steps"');
  const root = doc.contents;
  if (!isMap(root)) throw src.error(src.of(root), `a scenario is a mapping with ${TOP_KEYS.join(', ')}; got ${describeNode(root)}`);

  const fields = new Map<string, { value: unknown; keyNode: unknown }>();
  for (const { key, keyNode, value } of entries(root)) {
    if (!TOP_KEYS.includes(key)) throw src.error(src.of(keyNode), `unknown key "${key}" (known: ${TOP_KEYS.join(', ')})`);
    fields.set(key, { value, keyNode });
  }
  const cluster = parseCluster(src, fields.get('cluster')?.value);
  return {
    file,
    seed: parseSeed(src, fields.get('seed')),
    timeOrigin: parseTimeOrigin(src, fields.get('timeOrigin')),
    cluster,
    objects: parseObjects(src, doc, fields.get('objects')?.value),
    // Docker hosts are hosts `ssh` can reach too (they have no kubelet: node faults and joins find nothing there).
    steps: parseSteps(src, doc, fields.get('steps')?.value, [...cluster.nodes, ...(cluster.docker ?? []).map((h) => defaultNode(h.name, h.line))], cluster.etcd?.members),
  };
}

function parseSeed(src: Source, field: { value: unknown; keyNode: unknown } | undefined): number {
  if (!field) return 1;
  const v = isScalar(field.value) ? field.value.value : undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw src.error(src.of(field.value ?? field.keyNode), `"seed" must be a whole number like 7, got ${describeNode(field.value)}`);
  return v;
}

function parseTimeOrigin(src: Source, field: { value: unknown; keyNode: unknown } | undefined): string {
  if (!field) return DEFAULT_TIME_ORIGIN;
  const v = isScalar(field.value) ? field.value.value : undefined;
  if (typeof v !== 'string' || !RFC3339.test(v)) {
    throw src.error(src.of(field.value ?? field.keyNode), `"timeOrigin" must be an RFC 3339 time like ${DEFAULT_TIME_ORIGIN}, got ${describeNode(field.value)}`);
  }
  return v;
}

/** A manifest file a step reads with `kubectl apply|create|delete -f <path>`. */
export interface ManifestFileRef {
  /** As typed in the command: the CLI resolves it relative to the scenario file. */
  path: string;
  /** Index of the step in `steps`. */
  step: number;
  /** Line of the step in the scenario file. */
  line: number;
}

/**
 * The files a scenario's kubectl commands read, in step order (a file used twice is listed
 * twice). The engine is pure, so a host (the CLI, the app) reads them and hands them to the run
 * keyed by `path` exactly as typed; stdin (`-f -`) is not listed.
 */
export function collectManifestFiles(scenario: Scenario): ManifestFileRef[] {
  const refs: ManifestFileRef[] = [];
  scenario.steps.forEach((step, i) => {
    if (step.type !== 'run') return;
    const argv = tokenize(step.command);
    if (argv[0] !== 'kubectl') return;
    const cmd = parseKubectlArgs(argv);
    if (isKubectlArgsError(cmd)) return;
    for (const path of filesOf(cmd)) if (path !== '-') refs.push({ path, step: i, line: step.line });
  });
  return refs;
}
