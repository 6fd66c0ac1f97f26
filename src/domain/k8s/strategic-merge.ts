/**
 * Strategic merge patch (apimachinery/pkg/util/strategicpatch/patch.go), for the fields the
 * simulator's objects have: objects merge key by key and `null` deletes as in a JSON merge
 * patch, but lists with a patch merge key (the `patchMergeKey` struct tags of k8s.io/api) merge
 * element by element on that key, keeping the order of the original list and appending new
 * elements; `$patch: delete` in an element removes it. Lists without a merge key are replaced.
 */

/** patchMergeKey by field name, as the core/v1 and apps/v1 types declare them. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  volumes: 'name',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  return mergeValue(target, patch, undefined);
}

function mergeValue(target: unknown, patch: unknown, field: string | undefined): unknown {
  if (Array.isArray(patch)) {
    const key = field ? MERGE_KEYS[field] : undefined;
    if (!key || !Array.isArray(target)) return patch.filter((p) => !(isObject(p) && p.$patch === 'delete'));
    return mergeList(target, patch, key);
  }
  if (!isObject(patch)) return patch;
  const base: Json = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // Directives the simulator's clients do not send are dropped, not stored.
    if (k.startsWith('$')) continue;
    if (v === null) delete base[k];
    else base[k] = mergeValue(base[k], v, k);
  }
  return base;
}

function mergeList(target: unknown[], patch: unknown[], key: string): unknown[] {
  // A patch that names every element (what clients send with $setElementOrder, as the kubelet's
  // status patches do) also sets the order.
  const named = new Set(patch.filter(isObject).map((p) => p[key]));
  if (target.every((t) => isObject(t) && named.has(t[key]))) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'delete')).map((p) => {
      const old = isObject(p) ? target.find((t) => isObject(t) && t[key] === p[key]) : undefined;
      return mergeValue(old, p, undefined);
    });
  }
  const out = [...target];
  for (const p of patch) {
    if (!isObject(p) || !(key in p)) {
      out.push(p);
      continue;
    }
    const at = out.findIndex((t) => isObject(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeValue(out[at], p, undefined);
    else out.push(mergeValue(undefined, p, undefined));
  }
  return out;
}
