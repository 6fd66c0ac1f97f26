import type { EtcdKeyEntry } from '../../timeline/index.ts';

/** A folder of keys: every key under `path` (which ends in `/`), e.g. `/registry/pods/`. */
export interface GroupRow {
  readonly type: 'group';
  readonly path: string;
  /** The last segment with its slash: `pods/`. */
  readonly label: string;
  readonly depth: number;
  /** Keys under it, at any depth. */
  readonly count: number;
  readonly expanded: boolean;
  /** A key to reveal is under it. */
  readonly revealed: boolean;
}

/** One key. */
export interface KeyRow {
  readonly type: 'key';
  readonly entry: EtcdKeyEntry;
  /** The last segment: the object's name for kube-apiserver's keys. */
  readonly label: string;
  readonly depth: number;
  readonly revealed: boolean;
}

/** What the cap left out of one group. */
export interface MoreRow {
  readonly type: 'more';
  readonly path: string;
  readonly depth: number;
  readonly hidden: number;
}

export type TreeRow = GroupRow | KeyRow | MoreRow;

export interface KeyTreeOptions {
  /** Groups the user opened (true) or closed (false); others follow the defaults below. */
  readonly toggled: ReadonlyMap<string, boolean>;
  /** Keys to show even past a cap, with their groups opened (changed at the playhead, selected). */
  readonly reveal: ReadonlySet<string>;
  /** Only keys containing this text (case-insensitive); empty for all. */
  readonly filter?: string;
  /** A group with at most this many keys starts open. */
  readonly autoExpand?: number;
  /** Children shown per group before a "more" row. */
  readonly perGroup?: number;
  /** Rows in all, so that ten thousand keys cost what a few hundred do. */
  readonly maxRows?: number;
}

export interface KeyTree {
  readonly rows: TreeRow[];
  /** Keys that matched the filter (all keys without one). */
  readonly matched: number;
  /** True when maxRows cut the list. */
  readonly truncated: boolean;
}

interface Folder {
  path: string;
  label: string;
  count: number;
  revealed: boolean;
  folders: Map<string, Folder>;
  keys: { label: string; entry: EtcdKeyEntry }[];
}

/**
 * The keyspace as a tree of folders split at `/`, as `etcdctl get --prefix` lists it:
 * `/registry/` → resource (`pods/`) → namespace (`default/`) → name. Keys without a slash sit
 * at the top. Children sort by bytes, as etcd orders keys (mvcc/key_index.go, a B-tree of keys).
 *
 * Cost is linear in the number of keys (one pass to build folders and counts) plus the rows
 * shown, which `perGroup` and `maxRows` cap; closed folders are never sorted.
 */
export function keyTree(keys: Iterable<EtcdKeyEntry>, options: KeyTreeOptions): KeyTree {
  const autoExpand = options.autoExpand ?? 30;
  const perGroup = options.perGroup ?? 50;
  const maxRows = options.maxRows ?? 400;
  const filter = options.filter?.trim().toLowerCase() ?? '';
  const root: Folder = newFolder('', '');
  let matched = 0;
  for (const entry of keys) {
    if (filter !== '' && !entry.key.toLowerCase().includes(filter)) continue;
    matched++;
    const revealed = options.reveal.has(entry.key);
    const parts = splitKey(entry.key);
    let folder = root;
    folder.count++;
    if (revealed) folder.revealed = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const label = `${parts[i]}/`;
      let next = folder.folders.get(label);
      if (!next) folder.folders.set(label, (next = newFolder(folder.path + label, label)));
      folder = next;
      folder.count++;
      if (revealed) folder.revealed = true;
    }
    folder.keys.push({ label: parts[parts.length - 1] ?? entry.key, entry });
  }

  const rows: TreeRow[] = [];
  let truncated = false;
  const isOpen = (f: Folder): boolean => options.toggled.get(f.path) ?? (f.revealed || filter !== '' || f.count <= autoExpand);
  const walk = (folder: Folder, depth: number): void => {
    const children: ({ kind: 'folder'; label: string; folder: Folder } | { kind: 'key'; label: string; entry: EtcdKeyEntry })[] = [];
    for (const [label, f] of folder.folders) children.push({ kind: 'folder', label, folder: f });
    for (const k of folder.keys) children.push({ kind: 'key', label: k.label, entry: k.entry });
    // A folder sorts where its prefix would: `pods/` before `pods0`.
    children.sort((a, b) => byBytes(a.label, b.label));
    let shown = 0;
    for (const c of children) {
      if (rows.length >= maxRows) {
        truncated = true;
        return;
      }
      const revealed = c.kind === 'folder' ? c.folder.revealed : options.reveal.has(c.entry.key);
      // Past the cap, only what must be revealed is still listed.
      if (shown >= perGroup && !revealed) continue;
      shown++;
      if (c.kind === 'key') {
        rows.push({ type: 'key', entry: c.entry, label: c.label, depth, revealed });
      } else {
        const open = isOpen(c.folder);
        rows.push({ type: 'group', path: c.folder.path, label: c.label, depth, count: c.folder.count, expanded: open, revealed });
        if (open) walk(c.folder, depth + 1);
      }
    }
    if (children.length > shown) rows.push({ type: 'more', path: folder.path, depth, hidden: children.length - shown });
  };
  walk(root, 0);
  return { rows, matched, truncated };
}

/** `/registry/pods/default/a` → `['/registry', 'pods', 'default', 'a']`: the leading slash stays on the first folder. */
export function splitKey(key: string): string[] {
  const parts = key.split('/');
  if (parts[0] === '' && parts.length > 1) {
    parts.shift();
    parts[0] = `/${parts[0] ?? ''}`;
  }
  return parts;
}

function newFolder(path: string, label: string): Folder {
  return { path, label, count: 0, revealed: false, folders: new Map(), keys: [] };
}

/** Byte order for the ASCII keys Kubernetes writes (etcd compares keys with bytes.Compare). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
