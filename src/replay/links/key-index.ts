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
