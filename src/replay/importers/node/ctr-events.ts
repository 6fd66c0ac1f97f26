import type { FormatParser, ImportContext, Importer, RawEvent, SourceFacts, TimePrecision } from '../../types.ts';
import { CriObjects } from './cri-objects.ts';
import { isRecord, parseGoTime, parseJson, precisionOf } from './text.ts';

/**
 * `ctr events`: `TIMESTAMP NAMESPACE TOPIC JSON` per line, the time as Go's `time.Time.String()`
 * (`2026-12-02 04:01:25.844893119 +0000 UTC`, 0–9 fraction digits), or `NAMESPACE TOPIC JSON`
 * (older ctr). Each event becomes the containerd step that publishes it, a span of
 * `containerd/<node>` with `attrs.event: {topic, payload}` as the simulator writes it.
 *
 * Which step each topic stands for (the simulator's op names, src/engine/components/containerd):
 * the container store's `create container` / `update container` / `delete container`; the
 * shim's `TaskCreate`, `TaskStart`, `TaskExit`, `TaskDelete` and, for the topics the simulator
 * does not play, the same pattern (`TaskOOM`, `TaskPaused`, `TaskResumed`, `TaskExecAdded`,
 * `TaskExecStarted`, `TaskCheckpointed`); the image store's `images.Create` / `images.Update` /
 * `delete image`; the snapshotter's `snapshot prepare` / `snapshot commit` / `snapshot remove`;
 * the namespace store's `namespaces.Create` / `namespaces.Update` / `namespaces.Delete`;
 * `content.Delete`. An unknown topic keeps the topic as its op.
 *
 * Keys: `container:<id>` (the payload's `container_id`, or `id` of a container event, or a
 * snapshot key that is a 64-hex container id) and `pid:<node>/<pid>` of task events.
 * Spans have no duration: ctr prints the moment the event was published.
 * In the CRI plugin's namespace (`k8s.io`) the CRI sandboxes and containers these events show
 * are also emitted as `cri-sandbox` / `cri-container` state events, inferred (cri-objects.ts).
 */

const OPS: Record<string, string> = {
  '/containers/create': 'create container',
  '/containers/update': 'update container',
  '/containers/delete': 'delete container',
  '/tasks/create': 'TaskCreate',
  '/tasks/start': 'TaskStart',
  '/tasks/exit': 'TaskExit',
  '/tasks/delete': 'TaskDelete',
  '/tasks/oom': 'TaskOOM',
  '/tasks/paused': 'TaskPaused',
  '/tasks/resumed': 'TaskResumed',
  '/tasks/exec-added': 'TaskExecAdded',
  '/tasks/exec-started': 'TaskExecStarted',
  '/tasks/checkpointed': 'TaskCheckpointed',
  '/images/create': 'images.Create',
  '/images/update': 'images.Update',
  '/images/delete': 'delete image',
  '/snapshot/prepare': 'snapshot prepare',
  '/snapshot/commit': 'snapshot commit',
  '/snapshot/remove': 'snapshot remove',
  '/namespaces/create': 'namespaces.Create',
  '/namespaces/update': 'namespaces.Update',
  '/namespaces/delete': 'namespaces.Delete',
  '/content/delete': 'content.Delete',
};

const HEX64 = /^[0-9a-f]{64}$/;
const REST = /^(\S+) (\/\S+) (.*)$/;

class CtrEventsParser implements FormatParser {
  private precision: TimePrecision = 'none';
  private readonly cri: CriObjects;

  constructor(private readonly ctx: ImportContext) {
    this.cri = new CriObjects(`containerd/${ctx.node}`);
  }

  line(text: string, lineNo: number): RawEvent[] {
    if (text.trim() === '') return [];
    const time = parseGoTime(text);
    const rest = time ? text.slice(time.length).trimStart() : text;
    const m = REST.exec(rest);
    if (!m) {
      this.ctx.error(lineNo, `not a ctr events line (expected "[TIME] NAMESPACE /TOPIC {json}"): ${text.slice(0, 80)}`);
      return [];
    }
    const [, namespace, topic, json] = m as unknown as [string, string, string, string];
    const parsed = parseJson(json);
    if ('error' in parsed || !isRecord(parsed.value)) {
      this.ctx.error(lineNo, `the event of ${topic} is ${'error' in parsed ? parsed.error : 'not a JSON object'}`);
      return [];
    }
    if (time && this.precision === 'none') this.precision = precisionOf(time.digits);
    const payload = parsed.value;
    const id = str(payload['container_id']) ?? (topic.startsWith('/containers/') ? str(payload['id']) : undefined) ?? (topic.startsWith('/snapshot/') && HEX64.test(str(payload['key']) ?? '') ? str(payload['key']) : undefined);
    const pid = typeof payload['pid'] === 'number' ? payload['pid'] : undefined;
    const keys = [...(id ? [`container:${id}`] : []), ...(pid !== undefined && pid > 0 ? [`pid:${this.ctx.node}/${pid}`] : [])];
    const attrs: Record<string, unknown> = { namespace, ...(id ? { id } : {}), ...(pid !== undefined ? { pid } : {}), event: { topic, payload } };
    if (topic === '/tasks/exit') attrs['exitStatus'] = typeof payload['exit_status'] === 'number' ? payload['exit_status'] : 0; // 0 is omitted from the JSON
    const span: RawEvent = { ...(time ? { at: time.at } : {}), dur: 0, kind: 'span', actor: `containerd/${this.ctx.node}`, op: OPS[topic] ?? topic, attrs, line: lineNo, ...(keys.length ? { keys } : {}) };
    return [span, ...this.cri.apply(namespace, topic, id, payload, time?.at, lineNo)];
  }

  end(): RawEvent[] {
    return this.cri.end();
  }

  facts(): SourceFacts {
    return { node: this.ctx.node, precision: this.precision };
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const LINE = /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4} \S+ )?\S+ \/(?:tasks|containers|images|snapshot|namespaces|content)\/\S+ \{/;

export const ctrEventsImporter: Importer = {
  name: 'ctr-events',
  label: 'containerd ctr events',
  detect(sample) {
    const lines = sample.split('\n').slice(0, 50).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    const hits = lines.filter((l) => LINE.test(l)).length / lines.length;
    return hits >= 0.5 ? 0.9 : 0;
  },
  create: (ctx) => new CtrEventsParser(ctx),
};
