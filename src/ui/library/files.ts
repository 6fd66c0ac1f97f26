import { NAME_PATTERN, checkRecord, type BadRecord, type ItemKind, type LibraryItem } from './store.ts';

/**
 * Files in and out of the library: one item as the same file the examples are
 * (`<name>.scenario.yaml`, `<name>.tour.yaml`), or everything as one JSON bundle.
 */

export const SUFFIX: Record<ItemKind, string> = { scenario: '.scenario.yaml', tour: '.tour.yaml' };
export const BUNDLE_SUFFIX = '.kube-anatomy.json';
const BUNDLE_FORMAT = 'kube-anatomy-library';

export const fileName = (item: Pick<LibraryItem, 'kind' | 'name'>): string => item.name + SUFFIX[item.kind];

/** The bundle: every item, plus the quarantined records so they leave the browser too. */
export function bundleText(items: readonly LibraryItem[], bad: readonly BadRecord[] = []): string {
  return `${JSON.stringify({ format: BUNDLE_FORMAT, version: 1, items, ...(bad.length > 0 ? { quarantined: bad } : {}) }, null, 2)}\n`;
}

/** What one imported file brought: items to save, or an error naming the file and why. */
export type Imported = { file: string; items: Omit<LibraryItem, 'id' | 'updated'>[] } | { file: string; error: string };

/** Reads one file by its name: a scenario, a tour or a bundle. */
export function parseImport(file: string, text: string): Imported {
  const base = file.slice(file.lastIndexOf('/') + 1);
  for (const kind of ['scenario', 'tour'] as const) {
    if (!base.endsWith(SUFFIX[kind])) continue;
    const name = base.slice(0, -SUFFIX[kind].length);
    if (!NAME_PATTERN.test(name)) return { file, error: `${file}: the name "${name}" may hold only letters, digits, ".", "_" and "-"` };
    return { file, items: [{ kind, name, text }] };
  }
  if (base.endsWith('.json')) return parseBundle(file, text);
  return { file, error: `${file}: not a library file (expected ${SUFFIX.scenario}, ${SUFFIX.tour} or ${BUNDLE_SUFFIX})` };
}

function parseBundle(file: string, text: string): Imported {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { file, error: `${file}: not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const o = v as { format?: unknown; items?: unknown };
  if (typeof v !== 'object' || v === null || o.format !== BUNDLE_FORMAT || !Array.isArray(o.items)) {
    return { file, error: `${file}: not a kube-anatomy library bundle (expected {"format": "${BUNDLE_FORMAT}", "items": [...]})` };
  }
  const items: Omit<LibraryItem, 'id' | 'updated'>[] = [];
  for (const [i, raw] of o.items.entries()) {
    // Each entry is checked as a stored record would be; its id is replaced on import.
    const r = raw as { id?: unknown } | null;
    const checked = checkRecord(typeof r?.id === 'string' ? r.id : `#${i}`, typeof r === 'object' && r !== null && typeof r.id !== 'string' ? { ...r, id: `#${i}` } : raw);
    if ('reason' in checked) return { file, error: `${file}: items[${i}]: ${checked.reason}` };
    items.push({ kind: checked.item.kind, name: checked.item.name, text: checked.item.text });
  }
  return { file, items };
}

/** Offers text as a download (an object URL on a temporary link). */
export function download(name: string, text: string, type = 'text/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled; revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A tour names itself (`tour: <name>`, which must be its file name, src/ui/tour/parse.ts): renaming
 * the draft renames that line too, when it still holds the old name.
 */
export function renameTour(text: string, from: string, to: string): string {
  const esc = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(tour:[ \\t]*)${esc}([ \\t]*(#.*)?)$`, 'm'), `$1${to}$2`);
}
