/**
 * JSON patch (RFC 6902) as apimachinery applies it (evanphx/json-patch): the operations kubectl
 * sends (`rollout undo` replaces /spec/template and /metadata/annotations). Paths are JSON
 * pointers with ~1 for "/" and ~0 for "~". A failing operation throws with the library's words.
 */
export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`the JSON pointer "${path}" does not start with "/"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function applyJsonPatch(target: unknown, ops: readonly JsonPatchOp[]): unknown {
  let doc = clone(target);
  for (const op of ops) {
    const parts = parsePointer(op.path);
    if (parts.length === 0) {
      if (op.op === 'replace' || op.op === 'add') doc = clone(op.value);
      continue;
    }
    const last = parts[parts.length - 1] as string;
    let parent = doc as Record<string, unknown> | unknown[];
    for (const p of parts.slice(0, -1)) {
      const next = Array.isArray(parent) ? parent[Number(p)] : (parent as Record<string, unknown>)[p];
      if (typeof next !== 'object' || next === null) throw new Error(`doc is missing path: "${op.path}": missing value`);
      parent = next as Record<string, unknown>;
    }
    if (op.op === 'test') {
      const actual = Array.isArray(parent) ? parent[Number(last)] : parent[last];
      if (JSON.stringify(actual) !== JSON.stringify(op.value)) throw new Error(`testing value ${op.path} failed: test failed`);
      continue;
    }
    if (op.op === 'remove' || op.op === 'replace') {
      const exists = Array.isArray(parent) ? Number(last) < parent.length : last in parent;
      if (!exists) throw new Error(`${op.op} operation does not apply: doc is missing key: ${op.path}: missing value`);
    }
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op.op === 'remove') parent.splice(i, 1);
      else if (op.op === 'replace') parent[i] = clone(op.value);
      else if (op.op === 'add') parent.splice(i, 0, clone(op.value));
    } else if (op.op === 'remove') delete parent[last];
    else if (op.op === 'replace' || op.op === 'add') parent[last] = clone(op.value);
    else throw new Error(`Unexpected kind: ${op.op}`);
  }
  return doc;
}
