/**
 * `attrs.id` of a message identifies its exchange, and a response names its request's id in
 * `attrs.replyTo` (docs/trace-format.md). Each importer numbers the messages of its own file from
 * 1, so two files merged together would reuse ids and a view would pair a response with another
 * file's request. When more than one file has message ids, every (file, id) gets a new id, in the
 * order the merged trace first mentions it; with a single such file the ids stay as they are, so
 * re-importing a kube-anatomy trace gives back the same bytes.
 */
export class MessageIds {
  private readonly renumber: boolean;
  private readonly ids = new Map<string, number>();
  private next = 1;

  constructor(filesWithIds: number) {
    this.renumber = filesWithIds > 1;
  }

  /** The attrs to write for an event of `file`: the same object when nothing changes. */
  rewrite(file: number, attrs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!this.renumber || attrs === undefined) return attrs;
    const id = attrs['id'];
    const replyTo = attrs['replyTo'];
    if (typeof id !== 'number' && typeof replyTo !== 'number') return attrs;
    // A copy: importers share attrs objects between events (interned values), never mutate them.
    const out = { ...attrs };
    if (typeof id === 'number') out['id'] = this.idOf(file, id);
    if (typeof replyTo === 'number') out['replyTo'] = this.idOf(file, replyTo);
    return out;
  }

  private idOf(file: number, id: number): number {
    const key = `${file}:${id}`;
    let mapped = this.ids.get(key);
    if (mapped === undefined) {
      mapped = this.next++;
      this.ids.set(key, mapped);
    }
    return mapped;
  }
}

/** How many distinct files have a message with a numeric `attrs.id`. */
export function countFilesWithMessageIds(raws: readonly ({ kind: string; attrs?: Record<string, unknown> } | undefined)[], file: ArrayLike<number>): number {
  const files = new Set<number>();
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    if (raw?.kind === 'message' && typeof raw.attrs?.['id'] === 'number') files.add(file[i] as number);
  }
  return files.size;
}
