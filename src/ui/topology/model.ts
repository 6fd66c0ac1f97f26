import type { TraceEvent } from '../../trace/schema.ts';
import type { WorldState } from '../../timeline/index.ts';
import { boxFor, edgeBetween, podSlot, pointAlong, traySlot, type Point, type Rect, type TopologyLayout } from './layout.ts';
import { summarizePod, type PodSummary } from './podStatus.ts';
import { shortOp } from './opLabel.ts';
import { nodeHealth, type NodeHealthView } from './nodeStatus.ts';

/**
 * What the topology view draws at one playhead: a pure function of the layout and the world
 * at `t` (DESIGN 1.3), so scrubbing is free and every frame is reproducible.
 */

/** The kube-apiserver request pipeline, in order (DOMAIN 2.1). */
export const APISERVER_STAGES = ['authentication', 'authorization', 'mutating admission', 'validation', 'validating admission', 'storage'] as const;

export interface PodCard {
  key: string;
  summary: PodSummary;
  rect: Rect;
}

export interface MessageDot {
  seq: number;
  op: string;
  label: string;
  at: Point;
  from: Point;
  to: Point;
  sender: string;
  /** The key of the label group this dot belongs to (`from|to` boxes). */
  group: string;
}

/**
 * One label for all messages in flight between the same two boxes in the same direction
 * (at t = 0 every informer LISTs and WATCHes at once: dozens of GETs on one wire). `text` is
 * the op when all are the same, else their common verb, else the latest op; `count` says how
 * many; `ops` is the full list for the hover.
 */
export interface MessageLabel {
  key: string;
  text: string;
  count: number;
  ops: string[];
  /** The dot the label hangs from (the latest message of the group). */
  at: Point;
  /** Where the label's left-middle sits, placed so labels do not overlap. */
  labelAt: Point;
  sender: string;
  /** The latest message of the group, for the inspector. */
  seq: number;
}

/** At most this many labels at once; the other groups keep their dots (hover shows the op). */
export const MAX_LABELS = 8;

/** The text of a group's label (see MessageLabel). */
export function groupText(labels: readonly string[]): string {
  const latest = labels[labels.length - 1] ?? '';
  if (labels.length <= 1) return latest;
  if (labels.every((l) => l === latest)) return `${latest} ×${labels.length}`;
  const verb = latest.split(' ')[0] ?? '';
  if (verb !== '' && labels.every((l) => l.split(' ')[0] === verb)) return `${verb} ×${labels.length}`;
  return `${latest} +${labels.length - 1}`;
}

export interface ModelOptions {
  /** prefers-reduced-motion: dots jump between three fixed stops instead of gliding. */
  reducedMotion?: boolean;
  /** Every node of the cluster when the layout shows only some: Pods on the others are not drawn. */
  allNodes?: ReadonlySet<string>;
}

/** Progress shown for a message: as is, or (reduced motion) the middle of its third of the wire. */
export function shownProgress(progress: number, reducedMotion: boolean): number {
  if (!reducedMotion) return progress;
  const step = Math.min(2, Math.max(0, Math.floor(progress * 3)));
  return (step + 0.5) / 3;
}

export interface ComponentActivity {
  /** Spans running on this component now (e.g. `Put`, `Filter`, `pivot_root`). */
  spans: string[];
  /** Latest machine state, e.g. `syncing.pullingImage` (with its instance when there is one). */
  state: string | undefined;
  instance: string | undefined;
  /** Sending or receiving a message, or running a span. */
  busy: boolean;
}

export interface TopologyModel {
  pods: PodCard[];
  dots: MessageDot[];
  labels: MessageLabel[];
  /** Busy wires beyond MAX_LABELS, drawn with dots but no label. */
  unlabelled: number;
  activity: Map<string, ComponentActivity>;
  /** Indexes into APISERVER_STAGES that some request is in now. */
  apiserverStages: Set<number>;
  etcd: { keys: number; revision: number };
  /** How many objects of each kind exist, for the control plane's header. */
  objectCounts: { kind: string; count: number }[];
  /** The user's terminal: the last command and, once it exited, its output. */
  terminal: TerminalView;
  /** Each node's health from its Node object, by node name (absent before it registered). */
  nodeHealth: Map<string, NodeHealthView>;
}

export interface TerminalView {
  command: string | undefined;
  output: string[];
  exitCode: number | undefined;
  /** The seq of the command's exit event (or its start while it runs), for the inspector. */
  seq?: number;
}

/** The last command the user typed and what it printed (stdout, else stderr). */
export function terminalView(commands: readonly TraceEvent[]): TerminalView {
  let start: TraceEvent | undefined;
  for (let i = commands.length - 1; i >= 0; i--) {
    const c = commands[i] as TraceEvent;
    if (c.attrs?.phase !== 'exit') {
      start = c;
      break;
    }
  }
  if (!start) return { command: undefined, output: [], exitCode: undefined };
  const exit = commands.find((c) => c.attrs?.phase === 'exit' && c.cause === start.seq);
  const text = exit ? String(exit.attrs?.stdout || exit.attrs?.stderr || '') : '';
  const exitCode = typeof exit?.attrs?.exitCode === 'number' ? exit.attrs.exitCode : undefined;
  return { command: start.op, output: text.split('\n').filter((l) => l !== ''), exitCode, seq: exit?.seq ?? start.seq };
}

/** Breaks text into lines of at most `width` characters, at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest !== '') out.push(rest);
  return out;
}

const MESSAGE_TRACK = 5;
const LABEL_H = 18;

/** Pods sorted so cards keep their places as time moves: by name. */
function podsOf(world: WorldState): { key: string; summary: PodSummary }[] {
  const pods: { key: string; summary: PodSummary }[] = [];
  for (const [key, entry] of world.objects) {
    if (entry.object.kind !== 'Pod') continue;
    pods.push({ key, summary: summarizePod(entry.object) });
  }
  return pods.sort((a, b) => (a.summary.name < b.summary.name ? -1 : a.summary.name > b.summary.name ? 1 : 0));
}

/** Estimated label width in viewBox units (monospace-ish; used only to avoid overlaps). */
export function labelWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? fontSize : fontSize * 0.62;
  return w + 10;
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Builds the frame. `fontSize` is the label size in viewBox units (themes differ). */
export function topologyModel(layout: TopologyLayout, world: WorldState, fontSize = 12, options: ModelOptions = {}): TopologyModel {
  // Pod cards: on their node when bound, in the unscheduled tray otherwise.
  const perNode = new Map<string, number>();
  let unscheduledIndex = 0;
  const pods: PodCard[] = [];
  const shown = new Set(layout.nodes.map((n) => n.name));
  // A Pod on a node of the cluster that this window does not show is not drawn (nor unscheduled).
  const all = podsOf(world).filter((p) => !p.summary.nodeName || shown.has(p.summary.nodeName) || !options.allNodes?.has(p.summary.nodeName));
  const unscheduledCount = all.filter((p) => !p.summary.nodeName || !layout.nodes.some((n) => n.name === p.summary.nodeName)).length;
  for (const p of all) {
    const node = p.summary.nodeName ? layout.nodes.find((n) => n.name === p.summary.nodeName) : undefined;
    if (node) {
      const i = perNode.get(node.name) ?? 0;
      perNode.set(node.name, i + 1);
      pods.push({ ...p, rect: podSlot(node.podArea, layout.podCard, i) });
    } else {
      pods.push({ ...p, rect: traySlot(layout.unscheduled, layout.podCard.h, unscheduledIndex++, unscheduledCount) });
    }
  }

  // Activity per component.
  const activity = new Map<string, ComponentActivity>();
  const act = (actor: string): ComponentActivity => {
    const box = boxFor(layout, actor);
    const id = box?.actor ?? actor;
    let a = activity.get(id);
    if (!a) {
      a = { spans: [], state: undefined, instance: undefined, busy: false };
      activity.set(id, a);
    }
    return a;
  };
  const latest = new Map<string, number>();
  for (const s of world.actorStates.values()) {
    const box = boxFor(layout, s.actor);
    const id = box?.actor ?? s.actor;
    if ((latest.get(id) ?? -Infinity) > s.since) continue;
    latest.set(id, s.since);
    const a = act(s.actor);
    a.state = s.state;
    a.instance = s.instance;
  }
  const apiserverStages = new Set<number>();
  for (const span of world.activeSpans) {
    const a = act(span.actor);
    if (!a.spans.includes(span.op)) a.spans.push(span.op);
    a.busy = true;
    if (span.actor === 'kube-apiserver') {
      const i = (APISERVER_STAGES as readonly string[]).indexOf(span.op);
      if (i >= 0) apiserverStages.add(i);
    }
  }

  // Messages in flight: dots on their wire; one label per pair of boxes, placed clear of each other.
  const dots: MessageDot[] = [];
  const groups = new Map<string, { dots: MessageDot[]; t: number }>();
  for (const { event, progress } of world.inFlight) {
    const dot = placeDot(layout, event, shownProgress(progress, options.reducedMotion ?? false));
    if (!dot) continue;
    dots.push(dot);
    const g = groups.get(dot.group) ?? { dots: [], t: event.t };
    g.dots.push(dot);
    g.t = Math.max(g.t, event.t);
    groups.set(dot.group, g);
    act(event.actor).busy = true;
    if (event.to) act(event.to).busy = true;
  }
  const labels = placeLabels(groups, fontSize);

  let revision = 0;
  for (const k of world.etcdKeys.values()) revision = Math.max(revision, k.modRevision);
  const counts = new Map<string, number>();
  for (const entry of world.objects.values()) counts.set(entry.object.kind, (counts.get(entry.object.kind) ?? 0) + 1);
  const objectCounts = [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.kind < b.kind ? -1 : 1));

  const health = new Map<string, NodeHealthView>();
  for (const entry of world.objects.values()) {
    if (entry.object.kind === 'Node' && entry.object.metadata.name) health.set(entry.object.metadata.name, nodeHealth(entry.object));
  }
  return { pods, dots, labels, unlabelled: groups.size - labels.length, activity, apiserverStages, etcd: { keys: world.etcdKeys.size, revision }, objectCounts, terminal: terminalView(world.commands), nodeHealth: health };
}

const KIND_ORDER = ['Deployment', 'ReplicaSet', 'Pod', 'Node', 'Event'];
function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function placeDot(layout: TopologyLayout, event: TraceEvent, progress: number): MessageDot | undefined {
  if (!event.to) return undefined;
  const a = boxFor(layout, event.actor);
  const b = boxFor(layout, event.to);
  if (!a || !b || a === b) return undefined;
  const edge = edgeBetween(a.rect, b.rect, MESSAGE_TRACK);
  const at = pointAlong(edge, progress);
  return { seq: event.seq, op: event.op, label: shortOp(event.op), at, from: edge.from, to: edge.to, sender: event.actor, group: `${a.actor}|${b.actor}` };
}

/**
 * Labels for the groups: the most recently started MAX_LABELS groups get one (in the order the
 * groups first appear, so labels keep their places as time moves), each beside its latest dot,
 * stepped further out until it is clear of the labels already placed.
 */
function placeLabels(groups: Map<string, { dots: MessageDot[]; t: number }>, fontSize: number): MessageLabel[] {
  const entries = [...groups];
  const keep = new Set(
    [...entries]
      .sort((x, y) => y[1].t - x[1].t)
      .slice(0, MAX_LABELS)
      .map(([k]) => k),
  );
  const placed: Rect[] = [];
  const out: MessageLabel[] = [];
  const h = LABEL_H * (fontSize / 12);
  for (const [key, g] of entries) {
    if (!keep.has(key)) continue;
    const last = g.dots[g.dots.length - 1] as MessageDot;
    const text = groupText(g.dots.map((d) => d.label));
    const w = labelWidth(text, fontSize);
    const at = last.at;
    const candidates: Point[] = [];
    for (let k = 0; k < 8; k++) {
      candidates.push({ x: at.x + 10, y: at.y - h / 2 - 12 - k * (h + 2) }, { x: at.x + 10, y: at.y + 12 + k * (h + 2) });
    }
    let spot = candidates[0] as Point;
    for (const c of candidates) {
      const r = { x: c.x, y: c.y, w, h };
      if (!placed.some((p) => intersects(p, r))) {
        spot = c;
        break;
      }
    }
    placed.push({ x: spot.x, y: spot.y, w, h });
    out.push({ key, text, count: g.dots.length, ops: g.dots.map((d) => d.op), at, labelAt: { x: spot.x, y: spot.y + h / 2 }, sender: last.sender, seq: last.seq });
  }
  return out;
}

/**
 * Most Pods any node held at once over a whole trace (so node frames are sized once, not
 * resized while playing), from the `object` events.
 */
export function maxPodsPerNode(events: Iterable<TraceEvent>): number {
  // Counts kept per node as Pods come, move and go: O(1) per event (a replay has millions).
  const where = new Map<string, string | undefined>();
  const counts = new Map<string, number>();
  let max = 0;
  for (const e of events) {
    if (e.kind !== 'object' || e.ref?.kind !== 'Pod') continue;
    const key = `${e.ref.namespace ?? ''}/${e.ref.name}`;
    const before = where.get(key);
    let after: string | undefined;
    if (e.op === 'DELETED') where.delete(key);
    else {
      const obj = e.attrs?.object as { spec?: { nodeName?: string } } | undefined;
      after = obj?.spec?.nodeName ?? before;
      where.set(key, after);
    }
    if (before === after) continue;
    if (before) counts.set(before, (counts.get(before) ?? 1) - 1);
    if (after) {
      const c = (counts.get(after) ?? 0) + 1;
      counts.set(after, c);
      if (c > max) max = c;
    }
  }
  return max;
}
