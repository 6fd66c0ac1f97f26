import { type Document, Scalar, isMap, isScalar, isSeq } from 'yaml';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { ManifestError, type NameRule, decodeManifests, namingProblem, validationProblem } from '../commands/kubectl/manifests.ts';
import { type Source, describeNode } from './yaml-source.ts';

/**
 * Manifests inside a scenario: the `objects:` section (a list of manifests, or a block of
 * multi-document YAML) and the `stdin:` of `kubectl apply -f -`. They are checked as kubectl
 * checks them (apiVersion and kind set) plus a name, and errors point into the scenario file.
 */

/** `objects:` — present at t = 0, so each needs a real name. */
export function parseObjects(src: Source, doc: Document, node: unknown): KubeObject[] {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
  if (isScalar(node) && typeof node.value === 'string') return manifestsInScalar(src, node, 'objects', 'name');
  if (!isSeq(node)) throw src.error(src.of(node), `"objects" must be a list of manifests, got ${describeNode(node)}`);
  const out: KubeObject[] = [];
  node.items.forEach((item, i) => {
    const path = `objects[${i}]`;
    if (isScalar(item) && typeof item.value === 'string') {
      out.push(...manifestsInScalar(src, item, path, 'name'));
      return;
    }
    if (!isMap(item)) throw src.error(src.of(item), `${path}: a manifest is a mapping with apiVersion, kind and metadata, got ${describeNode(item)}`);
    const obj: unknown = item.toJS(doc);
    const problem = validationProblem(obj);
    if (problem) throw src.error(src.of(item), `${path}: error validating data: ${problem}`);
    const nameProblem = namingProblem(obj as KubeObject, 'name');
    if (nameProblem) throw src.error(src.of(item), `${path}: ${nameProblem}`);
    out.push(obj as KubeObject);
  });
  return out;
}

/**
 * Decodes manifests written as a string in the scenario (a `stdin:` block or a block in
 * `objects:`), turning a ManifestError into a ScenarioError at the right line of the file.
 */
export function manifestsInScalar(src: Source, node: Scalar, path: string, rule: NameRule): KubeObject[] {
  try {
    return decodeManifests(String(node.value), '-', { requireName: rule }).objects;
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    const where = node.type === Scalar.BLOCK_LITERAL ? src.inBlock(node, e.line, e.column) : src.of(node);
    throw src.error(where, `${path}: ${e.reason}`);
  }
}
