/**
 * One copy of the values that repeat on every line of an audit log: user names, user agents,
 * source IPs, actors and the annotations (`authorization.k8s.io/decision` and `/reason`, the
 * same few hundred bytes on every response). JSON.parse makes a new string for each occurrence,
 * and the trace keeps them all (attrs.user, attrs.userAgent, attrs.annotations): on a large log
 * that is a tenth of the memory, and the copies the GC has to move. The canonical value is
 * handed out instead; the fresh one is garbage at once. Values are shared between events, so
 * nobody may change them (nothing does: the views and encodeTrace only read).
 */
export class AuditInterner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();
  private readonly records = new Map<string, Record<string, string>>();

  /** A bound on each table, so a log of ever-new values does not grow a second copy of them. */
  constructor(private readonly max = 50_000) {}

  string(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    if (this.strings.size < this.max) this.strings.set(s, s);
    return s;
  }

  /** An array of strings (sourceIPs); anything else is returned as it is. */
  list(v: string[]): string[] {
    if (v.length > 8 || !v.every((x) => typeof x === 'string')) return v;
    const key = v.join('\n');
    const hit = this.lists.get(key);
    if (hit) return hit;
    if (this.lists.size < this.max) this.lists.set(key, v);
    return v;
  }

  /** A flat record of string values (annotations); anything else is returned as it is. */
  record(r: Record<string, unknown>): Record<string, unknown> {
    let key = '';
    for (const k in r) {
      const v = r[k];
      if (typeof v !== 'string' || k.includes('\n') || v.includes('\n')) return r;
      key += `${k}\n${v}\n`;
    }
    const hit = this.records.get(key);
    if (hit) return hit;
    if (this.records.size < this.max) this.records.set(key, r as Record<string, string>);
    return r;
  }
}
