import type { ImportContext, Importer, RawEvent, SourceFacts } from '../../types.ts';
import { JsonDocumentParser } from './json-documents.ts';
import { parseRfc3339 } from './text.ts';

/**
 * `runc state` / `crun state` JSON (pretty printed, several concatenated: one per `state` call)
 * and `runc events` JSON lines (`--stats` once, or `--interval`), one importer (`src:
 * runc-state`) because both are what the OCI runtime says about a container by id.
 *
 * A state document → a `state` event of machine `oci-container` (the simulator's machine, which
 * the node view folds): op = `status` (creating, created, running, paused, stopped), instance =
 * the container id, attrs = the document's fields. The actor is `crun/<node>` when the document
 * has crun's `systemd-scope` field, else `runc/<node>`. Time: `runc state` prints none of its
 * own; only a `created` status is placed at the document's `created` time (that is when the
 * container entered it), the others are left to the merge (file order).
 *
 * An events line → a `span` of `runc/<node>` with op = its `type` (`stats`, `oom`, …), no time
 * (runc prints none), `attrs.id` and `attrs.data` as printed. crun has no `events` command.
 *
 * Keys: `container:<id>`; `pid:<node>/<pid>` of a live init (pid > 0).
 */

const STATUSES = new Set(['creating', 'created', 'running', 'paused', 'stopped']);

class RuncStateParser extends JsonDocumentParser {
  private timed = false;

  constructor(ctx: ImportContext) {
    super(ctx, 'not JSON (runc state / runc events print JSON; an error message?)');
  }

  facts(): SourceFacts {
    return { node: this.ctx.node, precision: this.timed ? 'ns' : 'none' };
  }

  protected document(doc: Record<string, unknown>, line: number): RawEvent[] {
    const e = this.read(doc, line);
    return e ? [e] : [];
  }

  private read(v: Record<string, unknown>, line: number): RawEvent | undefined {
    const id = v['id'];
    if (typeof id !== 'string' || id === '') {
      this.ctx.error(line, 'no container "id"');
      return undefined;
    }
    const node = this.ctx.node;
    if (typeof v['type'] === 'string' && 'data' in v) {
      return { kind: 'span', actor: `runc/${node}`, op: v['type'], attrs: { id, data: v['data'] }, line, keys: [`container:${id}`] };
    }
    const status = v['status'];
    if (typeof v['ociVersion'] !== 'string' || typeof status !== 'string') {
      this.ctx.error(line, 'neither a runc state document (ociVersion, id, pid, status, …) nor a runc events line (type, id, data)');
      return undefined;
    }
    if (!STATUSES.has(status)) {
      this.ctx.error(line, `unknown OCI status ${JSON.stringify(status)}`);
      return undefined;
    }
    const pid = typeof v['pid'] === 'number' ? v['pid'] : undefined;
    const created = typeof v['created'] === 'string' ? parseRfc3339(v['created']) : undefined;
    if (status === 'created' && created) this.timed = true;
    const runtime = 'systemd-scope' in v ? 'crun' : 'runc';
    const { id: _id, status: _status, ...fields } = v;
    return {
      ...(status === 'created' && created ? { at: created.at } : {}),
      kind: 'state',
      actor: `${runtime}/${node}`,
      op: status,
      attrs: { machine: 'oci-container', instance: id, ...fields },
      line,
      keys: [`container:${id}`, ...(pid !== undefined && pid > 0 ? [`pid:${node}/${pid}`] : [])],
    };
  }
}

export const runcStateImporter: Importer = {
  name: 'runc-state',
  label: 'runc/crun state and runc events (JSON)',
  detect(sample) {
    if (/"ociVersion"\s*:/.test(sample) && /"status"\s*:\s*"(creating|created|running|paused|stopped)"/.test(sample)) return 0.9;
    if (/^\{"type":"[a-z]+","id":"[^"]+","data":/m.test(sample)) return 0.9;
    return 0;
  },
  create: (ctx) => new RuncStateParser(ctx),
};
