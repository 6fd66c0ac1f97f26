import { parseDuration, type Micros } from '../base/time.ts';
import { parseLang, type Lang } from '../ui/i18n/translate.ts';
import { parseTheme, type ThemeName } from '../ui/theme/themes.ts';

/**
 * The embed's postMessage protocol (DESIGN 3.4; common.md has the full text), modelled on
 * reveal.js and Perfetto so a deck author recognises it. Every message is a plain object with
 * `namespace: 'kube-anatomy'` (a JSON string of one is accepted too: reveal.js posts strings).
 * This file is pure: it parses, checks origins and applies commands to an EmbedTarget; the
 * EmbedView owns the window and the listener.
 */
export const NAMESPACE = 'kube-anatomy';

export const METHODS = ['PING', 'play', 'pause', 'seek', 'step', 'goto', 'setLanguage', 'setTheme', 'getState'] as const;
export type Method = (typeof METHODS)[number];

/** A command from the host, once parsed. */
export interface EmbedCommand {
  method: Method;
  args: unknown[];
  id?: string | number;
}

/** What the embed reports about itself, in every event and in `getState`. */
export interface EmbedState {
  /** The playhead, µs. */
  t: Micros;
  playing: boolean;
  lang: Lang;
  theme: ThemeName;
  scenario: string;
  tour?: string;
  /** The tour's step, 1-based (0 on the tour's cover). */
  step?: number;
  steps?: number;
}

export type EmbedEventName = 'ready' | 'stepchanged' | 'ended' | 'keypass';

/** Embed → host. */
export type EmbedMessage =
  | { namespace: typeof NAMESPACE; eventName: 'PONG' }
  | { namespace: typeof NAMESPACE; eventName: 'callback'; method: string; id: string | number; result?: unknown; error?: string }
  | { namespace: typeof NAMESPACE; eventName: Exclude<EmbedEventName, 'keypass'>; state: EmbedState }
  | { namespace: typeof NAMESPACE; eventName: 'keypass'; key: string; state: EmbedState };

/** The tour on screen, as the protocol needs it (index 0-based; -1 on the cover, `count` at the end). */
export interface EmbedTour {
  name: string;
  index: number;
  count: number;
  goto(index: number): void;
}

/** What the commands act on: the session's player, settings and tour (EmbedView builds it). */
export interface EmbedTarget {
  play(): void;
  pause(): void;
  seek(t: Micros): void;
  stepEvent(direction: 'forward' | 'back'): void;
  setLanguage(lang: Lang): void;
  setTheme(theme: ThemeName): void;
  tour(): EmbedTour | undefined;
  state(): EmbedState;
}

/** The outcome of reading one incoming message. */
export type Parsed = { ok: true; command: EmbedCommand } | { ok: false; reason: string; quiet?: true };

/**
 * What a host deck posts to every iframe of a slide for its own media, not to us: reveal.js sends
 * `slide:start` and `slide:stop` as a slide is entered and left (its iframe autoplay protocol).
 * Ignored without the warning a malformed message gets, or each slide change would log one.
 */
const DECK_LIFECYCLE = new Set(['slide:start', 'slide:stop']);

/** Reads one `MessageEvent.data`: a command, or why it is not one (the caller warns with it). */
export function parseMessage(data: unknown): Parsed {
  let msg = data;
  if (typeof msg === 'string') {
    if (DECK_LIFECYCLE.has(msg)) return { ok: false, reason: `reveal.js's "${msg}"`, quiet: true };
    try {
      msg = JSON.parse(msg) as unknown;
    } catch {
      return { ok: false, reason: 'a string that is not JSON' };
    }
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { ok: false, reason: `not an object (${msg === null ? 'null' : Array.isArray(msg) ? 'an array' : typeof msg})` };
  const m = msg as { namespace?: unknown; method?: unknown; args?: unknown; id?: unknown };
  if (m.namespace !== NAMESPACE) return { ok: false, reason: `namespace is ${JSON.stringify(m.namespace) ?? 'missing'}, not "${NAMESPACE}"` };
  if (typeof m.method !== 'string') return { ok: false, reason: 'no method' };
  if (!(METHODS as readonly string[]).includes(m.method)) return { ok: false, reason: `unknown method "${m.method}" (known: ${METHODS.join(', ')})` };
  if (m.args !== undefined && !Array.isArray(m.args)) return { ok: false, reason: `args of ${m.method} is not an array` };
  if (m.id !== undefined && typeof m.id !== 'string' && !(typeof m.id === 'number' && Number.isFinite(m.id))) return { ok: false, reason: 'id is neither a string nor a number' };
  const command: EmbedCommand = { method: m.method as Method, args: (m.args as unknown[] | undefined) ?? [] };
  if (m.id !== undefined) command.id = m.id as string | number;
  return { ok: true, command };
}

/**
 * Applies one command; returns the messages to post back to its sender: `PONG` for PING, and a
 * `callback` for any command with an id (its `result` the state after the command, or `error`).
 * A command that fails without an id returns the error alone, for the caller to warn with.
 */
export function handleCommand(cmd: EmbedCommand, target: EmbedTarget): { replies: EmbedMessage[]; error?: string } {
  let error: string | undefined;
  try {
    error = apply(cmd, target);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const replies: EmbedMessage[] = [];
  if (cmd.method === 'PING') replies.push({ namespace: NAMESPACE, eventName: 'PONG' });
  if (cmd.id !== undefined) {
    replies.push(error === undefined ? { namespace: NAMESPACE, eventName: 'callback', method: cmd.method, id: cmd.id, result: target.state() } : { namespace: NAMESPACE, eventName: 'callback', method: cmd.method, id: cmd.id, error });
  }
  return error === undefined ? { replies } : { replies, error };
}

/** Runs the command; returns an error message when its arguments do not fit. */
function apply({ method, args }: EmbedCommand, target: EmbedTarget): string | undefined {
  switch (method) {
    case 'PING':
    case 'getState':
      return undefined;
    case 'play':
      target.play();
      return undefined;
    case 'pause':
      target.pause();
      return undefined;
    case 'seek': {
      const t = seekTime(args[0]);
      if (t === undefined) return `seek: ${JSON.stringify(args[0]) ?? 'nothing'} is not a time (µs as a number, or a duration such as "1.5s" or "250ms")`;
      target.seek(t);
      return undefined;
    }
    case 'step': {
      const dir = args[0] ?? 'forward';
      if (dir !== 'forward' && dir !== 'back') return `step: direction ${JSON.stringify(dir)} is neither "forward" nor "back"`;
      const tour = target.tour();
      if (!tour) {
        target.stepEvent(dir);
        return undefined;
      }
      // A host's command stays within the tour's steps: the cover and the end page are for people clicking.
      const to = dir === 'forward' ? Math.min(tour.count - 1, tour.index + 1) : Math.max(0, tour.index - 1);
      if (to !== tour.index) tour.goto(to);
      return undefined;
    }
    case 'goto': {
      const tour = target.tour();
      if (!tour) return 'goto: no tour is on (open the embed with tour=<name>)';
      const n = args[0];
      if (typeof n !== 'number' || !Number.isInteger(n)) return `goto: ${JSON.stringify(n) ?? 'nothing'} is not a step number`;
      if (n < 1 || n > tour.count) return `goto: step ${n} is out of range 1–${tour.count} of tour "${tour.name}"`;
      tour.goto(n - 1);
      return undefined;
    }
    case 'setLanguage': {
      const lang = typeof args[0] === 'string' ? parseLang(args[0]) : undefined;
      if (!lang || lang !== args[0]) return `setLanguage: ${JSON.stringify(args[0]) ?? 'nothing'} is neither "en" nor "ja"`;
      target.setLanguage(lang);
      return undefined;
    }
    case 'setTheme': {
      const theme = typeof args[0] === 'string' ? parseTheme(args[0]) : undefined;
      if (!theme) return `setTheme: ${JSON.stringify(args[0]) ?? 'nothing'} is not a theme (light, dark, projector-light, projector-dark)`;
      target.setTheme(theme);
      return undefined;
    }
  }
}

/** µs as a finite number, or a Go-style duration string. */
function seekTime(v: unknown): Micros | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string') return parseDuration(v);
  return undefined;
}

/** The allow-list of `origins=` (absent: the embed's own origin only). */
export type AllowList = readonly string[] | '*';

export function originAllowed(origin: string, allow: AllowList): boolean {
  return allow === '*' || allow.includes(origin);
}

/**
 * Where events go without a sender to answer: each allowed origin (the browser drops a message
 * whose targetOrigin is not the parent's, so only the right one arrives), or `*` with `origins=*`.
 * Once a host has spoken, its origin is used alone.
 */
export function eventTargets(allow: AllowList, lastSender: string | undefined): string[] {
  if (lastSender !== undefined && lastSender !== 'null') return [lastSender];
  return allow === '*' ? ['*'] : [...allow];
}

/** The targetOrigin for a reply: the sender's own (`*` only for an opaque `null` origin allowed by `origins=*`). */
export function replyTarget(origin: string): string {
  return origin === 'null' ? '*' : origin;
}

export function event(eventName: Exclude<EmbedEventName, 'keypass'>, state: EmbedState): EmbedMessage {
  return { namespace: NAMESPACE, eventName, state };
}

export function keypass(key: string, state: EmbedState): EmbedMessage {
  return { namespace: NAMESPACE, eventName: 'keypass', key, state };
}
