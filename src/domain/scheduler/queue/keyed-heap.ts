/**
 * A binary heap whose items are found by key (backend/heap/heap.go: AddOrUpdate, Delete, Get,
 * Peek, Pop). The scheduling queue's activeQ and backoffQ need to update or remove a pod that
 * is somewhere inside the heap, which base/pqueue's MinHeap cannot.
 */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Inserts the item, or replaces the one with the same key and restores the heap order. */
  addOrUpdate(item: T): void {
    const key = this.keyOf(item);
    const at = this.index.get(key);
    if (at !== undefined) {
      this.items[at] = item;
      this.fix(at);
      return;
    }
    this.items.push(item);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  /** Removes the item with this key; false when there is none. */
  delete(key: string): boolean {
    const at = this.index.get(key);
    if (at === undefined) return false;
    this.removeAt(at);
    return true;
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  /** Items in heap order (not sorted), for listing. */
  values(): readonly T[] {
    return this.items;
  }

  private removeAt(at: number): T {
    const items = this.items;
    const item = items[at] as T;
    this.index.delete(this.keyOf(item));
    const last = items.pop() as T;
    if (at < items.length) {
      items[at] = last;
      this.index.set(this.keyOf(last), at);
      this.fix(at);
    }
    return item;
  }

  private fix(i: number): void {
    if (!this.up(i)) this.down(i);
  }

  private swap(i: number, j: number): void {
    const items = this.items;
    const a = items[i] as T;
    const b = items[j] as T;
    items[i] = b;
    items[j] = a;
    this.index.set(this.keyOf(b), i);
    this.index.set(this.keyOf(a), j);
  }

  /** Moves item i up; true when it moved. */
  private up(i: number): boolean {
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.items[i] as T, this.items[parent] as T)) break;
      this.swap(i, parent);
      i = parent;
    }
    return i !== start;
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < items.length && this.less(items[l] as T, items[smallest] as T)) smallest = l;
      if (r < items.length && this.less(items[r] as T, items[smallest] as T)) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
