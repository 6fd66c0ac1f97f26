import type { LinkKey } from '../types.ts';

/**
 * Which events establish each link key: all of them (in the merge's order), and the first one
 * already written to the output, which is what a `cause` may point at (causes are never after
 * their effects, so only emitted events can be causes).
 */
export class KeyIndex<N> {
  private readonly all = new Map<LinkKey, N[]>();
  private readonly emitted = new Map<LinkKey, N>();

  add(key: LinkKey, node: N): void {
    const list = this.all.get(key);
    if (list) list.push(node);
    else this.all.set(key, [node]);
  }

  holders(key: LinkKey): readonly N[] {
    return this.all.get(key) ?? [];
  }

  markEmitted(key: LinkKey, node: N): void {
    if (!this.emitted.has(key)) this.emitted.set(key, node);
  }

  firstEmitted(key: LinkKey): N | undefined {
    return this.emitted.get(key);
  }
}

/**
 * The merge's index of link keys over event rows (merge/place.ts): for each key, the rows that
 * establish it and the first one already emitted, every operation O(1) (a key's rows are only
 * searched, by halving, when a key has many holders and an event waits for a later one).
 *
 * Rows must be added in the merge's time order (their `order`, ascending), then the rows
 * without time (`order` −1), so each key's list is its timed holders in time order followed by
 * its untimed ones. Most keys have one holder: it is kept as a number, a list only from the second.
 */
export class HolderIndex {
  private readonly ids = new Map<LinkKey, number>();
  private readonly single: number[] = [];
  private readonly lists: (number[] | undefined)[] = [];
  private readonly emitted: number[] = [];

  /** `order[row]`: the row's position in time order, −1 without time. */
  constructor(private readonly order: Int32Array) {}

  add(key: LinkKey, row: number): void {
    const id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, this.single.length);
      this.single.push(row);
      this.lists.push(undefined);
      this.emitted.push(-1);
      return;
    }
    const list = this.lists[id];
    if (list) list.push(row);
    else this.lists[id] = [this.single[id]!, row];
  }

  /** Records that `row` was emitted; only the first emitted holder of a key counts. Unindexed keys are ignored. */
  markEmitted(key: LinkKey, row: number): void {
    const id = this.ids.get(key);
    if (id !== undefined && this.emitted[id]! < 0) this.emitted[id] = row;
  }

  /** The first emitted holder of `key`, −1 when none. */
  firstEmitted(key: LinkKey): number {
    const id = this.ids.get(key);
    return id === undefined ? -1 : this.emitted[id]!;
  }

  /** The first holder of `key` that is not `self`, −1 when none. */
  firstHolderOtherThan(key: LinkKey, self: number): number {
    const id = this.ids.get(key);
    if (id === undefined) return -1;
    const list = this.lists[id];
    if (!list) return this.single[id] !== self ? this.single[id]! : -1;
    for (const h of list) if (h !== self) return h;
    return -1;
  }

  /** The first timed holder of `key` later in time order than `afterOrder` that passes `ok`, −1 when none. */
  firstTimedHolderAfter(key: LinkKey, afterOrder: number, ok: (row: number) => boolean): number {
    const id = this.ids.get(key);
    if (id === undefined) return -1;
    const order = this.order;
    const list = this.lists[id];
    if (!list) {
      const h = this.single[id]!;
      return order[h]! > afterOrder && ok(h) ? h : -1;
    }
    // The first position whose holder is later than `afterOrder` or has no time (the list's tail).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = order[list[mid]!]!;
      if (o < 0 || o > afterOrder) hi = mid;
      else lo = mid + 1;
    }
    for (let k = lo; k < list.length; k++) {
      const h = list[k]!;
      if (order[h]! < 0) break;
      if (ok(h)) return h;
    }
    return -1;
  }
}
