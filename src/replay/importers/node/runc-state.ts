import type { FormatParser, ImportContext, Importer, RawEvent, SourceFacts } from '../../types.ts';
import { JsonDocuments } from './json-documents.ts';
import { isRecord, parseJson, parseRfc3339 } from './text.ts';

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

class RuncStateParser implements FormatParser {
  private readonly docs = new JsonDocuments();
  private timed = false;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number): RawEvent[] {
    const out: RawEvent[] = [];
    for (const d of this.docs.push(text, lineNo, (junk) => this.ctx.error(lineNo, `not JSON (runc state / runc events print JSON; an error message?): ${junk}`))) {
      const e = this.read(d.text, d.line);
      if (e) out.push(e);
    }
    return out;
  }

  end(): RawEvent[] {
    const rest = this.docs.rest();
    if (rest) this.ctx.error(rest.line, 'the file ends inside a JSON document');
    return [];
  }

  facts(): SourceFacts {
    return { node: this.ctx.node, precision: this.timed ? 'ns' : 'none' };
  }

  private read(text: string, line: number): RawEvent | undefined {
    const p = parseJson(text);
    if ('error' in p || !isRecord(p.value)) {
      this.ctx.error(line, `${'error' in p ? p.error : 'not a JSON object'}`);
      return undefined;
    }
    const v = p.value;
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
