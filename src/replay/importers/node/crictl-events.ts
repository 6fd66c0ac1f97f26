import type { ImportContext, Importer, RawEvent, SourceFacts } from '../../types.ts';
import { JsonDocumentParser } from './json-documents.ts';
import { isRecord, nanosToMicros } from './text.ts';

/**
 * `crictl events -o json`: the CRI's `GetContainerEvents` stream, each `ContainerEventResponse`
 * printed as protojson (camelCase: `containerId`, `containerEventType` as the enum's name,
 * `createdAt` in ns — a string, as protojson writes int64 —, `podSandboxStatus`,
 * `containersStatuses`), pretty printed and concatenated (or one per line). `-o yaml` is not
 * read. Each response becomes what the simulator sends: a `GetContainerEventsResponse` message
 * from `containerd/<node>` to `kubelet/<node>` with `attrs.response` = the event.
 *
 * Keys: `container:<containerId>`, `sandbox:<podSandboxStatus.id>`, `obj:<pod uid>` (the
 * sandbox metadata's `uid`). Recorded here? No: containerd 1.6 (this machine's) answers
 * GetContainerEvents with Unimplemented (evented PLEG needs 1.7+); see tests/fixtures/replay/node/README.md.
 */

const TYPES = new Set(['CONTAINER_CREATED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STOPPED_EVENT', 'CONTAINER_DELETED_EVENT']);

class CrictlEventsParser extends JsonDocumentParser {
  constructor(ctx: ImportContext) {
    super(ctx, 'not JSON between events', 'the file ends inside an event (a JSON document is not closed)');
  }

  facts(): SourceFacts {
    return { node: this.ctx.node, precision: 'ns' };
  }

  protected override unreadable(reason: string): string {
    return `a container event is ${reason}`;
  }

  protected document(doc: Record<string, unknown>, line: number): RawEvent[] {
    const e = this.event(doc, line);
    return e ? [e] : [];
  }

  private event(ev: Record<string, unknown>, line: number): RawEvent | undefined {
    const id = ev['containerId'];
    const type = ev['containerEventType'] ?? 'CONTAINER_CREATED_EVENT'; // protojson omits the enum's 0
    if (typeof id !== 'string' || id === '') {
      this.ctx.error(line, 'a container event without containerId (is this `crictl events -o json`?)');
      return undefined;
    }
    if (typeof type !== 'string' || !TYPES.has(type)) {
      this.ctx.error(line, `unknown containerEventType ${JSON.stringify(type)}`);
      return undefined;
    }
    const at = nanosToMicros(ev['createdAt']);
    const sandbox = isRecord(ev['podSandboxStatus']) ? ev['podSandboxStatus'] : undefined;
    const sandboxId = typeof sandbox?.['id'] === 'string' ? sandbox['id'] : undefined;
    const uid = isRecord(sandbox?.['metadata']) ? sandbox['metadata']['uid'] : undefined;
    const keys = [`container:${id}`, ...(sandboxId ? [`sandbox:${sandboxId}`] : []), ...(typeof uid === 'string' && uid ? [`obj:${uid}`] : [])];
    return {
      ...(at !== undefined ? { at } : {}),
      kind: 'message',
      actor: `containerd/${this.ctx.node}`,
      to: `kubelet/${this.ctx.node}`,
      op: 'GetContainerEventsResponse',
      attrs: { containerId: id, containerEventType: type, response: ev },
      line,
      keys,
    };
  }
}

export const crictlEventsImporter: Importer = {
  name: 'crictl-events',
  label: 'crictl events -o json (CRI GetContainerEvents)',
  detect(sample) {
    return /"containerEventType"\s*:/.test(sample) || (/"containerId"\s*:/.test(sample) && /"createdAt"\s*:/.test(sample) && /"podSandboxStatus"\s*:/.test(sample)) ? 0.9 : 0;
  },
  create: (ctx) => new CrictlEventsParser(ctx),
};
