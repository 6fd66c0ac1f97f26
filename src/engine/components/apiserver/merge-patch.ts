/**
 * JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, anything else
 * (lists included) replaces. kubectl's `--type merge` and the simulated status patches use it;
 * strategic merge patch (lists merged by key) comes with the full apiserver model.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = applyMergePatch(base[key], value);
  }
  return base;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
