import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import {
  TOUR_VIEWS,
  TourError,
  type AttrMatch,
  type Bilingual,
  type EventMatcher,
  type Pattern,
  type SourcePos,
  type Tour,
  type TourAnswer,
  type TourChoice,
  type TourQuestion,
  type TourStep,
  type TourView,
} from './types.ts';

const SUFFIX = '.tour.yaml';
const TRACE_KINDS = ['message', 'state', 'object', 'span', 'event', 'command', 'log'];
const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Parses a tour file. `file` is the path errors name (`examples/tours/<name>.tour.yaml`); every
 * error is a TourError `file:line:col: reason` naming the field. Unknown keys are errors too, so
 * a typo (`qustion:`) does not silently drop a question.
 */
export function parseTour(text: string, file: string): Tour {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const posOf = (node: YamlNode | null | undefined): SourcePos => {
    const offset = node?.range?.[0] ?? 0;
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const fail = (node: YamlNode | null | undefined, reason: string): never => {
    throw new TourError(file, posOf(node), reason);
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const p = lines.linePos(firstError.pos[0]);
    throw new TourError(file, { line: p.line, col: p.col }, firstError.message.split('\n')[0] ?? 'invalid YAML');
  }
  const root = doc.contents;
  if (!isMap(root)) return fail(root, 'a tour is a mapping with tour, scenario, title, summary and steps');

  const get = (map: YAMLMap, key: string): YamlNode | undefined => (map.get(key, true) as YamlNode | undefined) ?? undefined;
  const keysOf = (map: YAMLMap, allowed: readonly string[], where: string): void => {
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(k)) fail(pair.key as YamlNode, `${where}: unknown field "${k}" (known: ${allowed.join(', ')})`);
    }
  };
  const str = (map: YAMLMap, key: string, where: string, required = true): string | undefined => {
    const n = get(map, key);
    if (n === undefined) {
      if (required) fail(map, `${where}.${key}: required`);
      return undefined;
    }
    if (!isScalar(n) || typeof n.value !== 'string' || n.value.trim() === '') return fail(n, `${where}.${key}: must be a non-empty string`);
    return n.value;
  };
  const bilingual = (map: YAMLMap, key: string, where: string): Bilingual => {
    const n = get(map, key);
    if (n === undefined) return fail(map, `${where}.${key}: required ({en: …, ja: …})`);
    if (!isMap(n)) return fail(n, `${where}.${key}: must be {en: …, ja: …}`);
    keysOf(n, ['en', 'ja'], `${where}.${key}`);
    return { en: str(n, 'en', `${where}.${key}`) as string, ja: str(n, 'ja', `${where}.${key}`) as string };
  };
  const pattern = (n: YamlNode, where: string, allowPrefix: boolean): Pattern => {
    if (!isScalar(n) || typeof n.value !== 'string' || n.value === '') return fail(n, `${where}: must be a non-empty string`);
    const s = n.value;
    if (s.length >= 2 && s.startsWith('/') && s.endsWith('/')) {
      try {
        return { regex: new RegExp(s.slice(1, -1)) };
      } catch (e) {
        return fail(n, `${where}: invalid regular expression ${s}: ${(e as Error).message}`);
      }
    }
    if (allowPrefix && s.endsWith('/')) return { prefix: s };
    return { exact: s };
  };
  const matcher = (n: YamlNode | undefined, where: string, parent: YamlNode): EventMatcher => {
    if (n === undefined) return fail(parent, `${where}: required (the trace event of this step)`);
    if (!isMap(n)) return fail(n, `${where}: must be a mapping (kind, actor, to, op, ref, attrs, nth)`);
    keysOf(n, ['kind', 'actor', 'to', 'op', 'ref', 'attrs', 'nth'], where);
    const m: EventMatcher = { nth: 1, pos: posOf(n) };
    const kind = str(n, 'kind', where, false);
    if (kind !== undefined) {
      if (!TRACE_KINDS.includes(kind)) fail(get(n, 'kind'), `${where}.kind: "${kind}" is not a trace event kind (${TRACE_KINDS.join(', ')})`);
      m.kind = kind;
    }
    for (const key of ['actor', 'to', 'op'] as const) {
      const v = get(n, key);
      if (v !== undefined) m[key] = pattern(v, `${where}.${key}`, key !== 'op');
    }
    const ref = get(n, 'ref');
    if (ref !== undefined) {
      if (!isMap(ref)) fail(ref, `${where}.ref: must be a mapping (kind, name, namespace)`);
      const r = ref as YAMLMap;
      keysOf(r, ['kind', 'name', 'namespace'], `${where}.ref`);
      m.ref = {};
      for (const key of ['kind', 'name', 'namespace'] as const) {
        const v = get(r, key);
        if (v !== undefined) m.ref[key] = pattern(v, `${where}.ref.${key}`, false);
      }
    }
    const attrs = get(n, 'attrs');
    if (attrs !== undefined) {
      if (!isMap(attrs)) fail(attrs, `${where}.attrs: must be a mapping of attribute path to value`);
      const out: Record<string, AttrMatch> = {};
      for (const pair of (attrs as YAMLMap).items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const v = pair.value as YamlNode | null;
        if (!isScalar(v)) return fail(v ?? (pair.key as YamlNode), `${where}.attrs.${k}: must be a string, number, boolean or null`);
        if (typeof v.value === 'string') out[k] = { pattern: pattern(v, `${where}.attrs.${k}`, false) };
        else if (typeof v.value === 'number' || typeof v.value === 'boolean' || v.value === null) out[k] = { value: v.value };
        else return fail(v, `${where}.attrs.${k}: must be a string, number, boolean or null`);
      }
      m.attrs = out;
    }
    const nth = get(n, 'nth');
    if (nth !== undefined) {
      if (!isScalar(nth) || typeof nth.value !== 'number' || !Number.isInteger(nth.value) || nth.value < 1) fail(nth, `${where}.nth: must be a whole number ≥ 1`);
      m.nth = (nth as { value: number }).value;
    }
    return m;
  };
  const question = (n: YamlNode, where: string): TourQuestion => {
    if (!isMap(n)) return fail(n, `${where}: must be a mapping (prompt, choices, answer, explain)`);
    keysOf(n, ['prompt', 'choices', 'answer', 'explain'], where);
    const choicesNode = get(n, 'choices');
    let choices: TourQuestion['choices'];
    if (choicesNode === undefined) return fail(n, `${where}.choices: required ("nodes" or a list of {id, label})`);
    if (isScalar(choicesNode) && choicesNode.value === 'nodes') choices = 'nodes';
    else if (isSeq(choicesNode)) {
      const list: TourChoice[] = [];
      choicesNode.items.forEach((c, i) => {
        const w = `${where}.choices[${i}]`;
        if (!isMap(c)) fail(c as YamlNode, `${w}: must be {id, label: {en, ja}}`);
        const cm = c as YAMLMap;
        keysOf(cm, ['id', 'label'], w);
        const id = str(cm, 'id', w) as string;
        if (list.some((x) => x.id === id)) fail(get(cm, 'id'), `${w}.id: "${id}" appears twice`);
        list.push({ id, label: bilingual(cm, 'label', w) });
      });
      if (list.length < 2) fail(choicesNode, `${where}.choices: give at least two choices`);
      choices = list;
    } else return fail(choicesNode, `${where}.choices: must be "nodes" or a list of {id, label}`);
    const a = get(n, 'answer');
    if (a === undefined) return fail(n, `${where}.answer: required ({attr: path} or {choice: id})`);
    if (!isMap(a)) return fail(a, `${where}.answer: must be {attr: path} or {choice: id}`);
    keysOf(a, ['attr', 'at', 'choice'], `${where}.answer`);
    let answer: TourAnswer;
    const attr = str(a, 'attr', `${where}.answer`, false);
    const choice = str(a, 'choice', `${where}.answer`, false);
    if ((attr === undefined) === (choice === undefined)) return fail(a, `${where}.answer: give exactly one of attr or choice`);
    if (attr !== undefined) {
      const at = get(a, 'at');
      answer = { attr, pos: posOf(a), ...(at !== undefined ? { at: matcher(at, `${where}.answer.at`, a) } : {}) };
    } else {
      if (get(a, 'at') !== undefined) fail(get(a, 'at'), `${where}.answer.at: only with attr`);
      if (choices === 'nodes') return fail(a, `${where}.answer: with choices: nodes the answer is an attr (a node name)`);
      if (!choices.some((c) => c.id === choice)) fail(get(a, 'choice'), `${where}.answer.choice: "${choice}" is not one of the choices`);
      answer = { choice: choice as string, pos: posOf(a) };
    }
    return { prompt: bilingual(n, 'prompt', where), choices, answer, explain: bilingual(n, 'explain', where) };
  };

  keysOf(root, ['tour', 'scenario', 'title', 'summary', 'steps'], 'tour');
  const name = str(root, 'tour', 'tour') as string;
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base.endsWith(SUFFIX) && base.slice(0, -SUFFIX.length) !== name) fail(get(root, 'tour'), `tour: "${name}" must be the file name (${base.slice(0, -SUFFIX.length)})`);
  const scenario = str(root, 'scenario', 'tour') as string;
  const title = bilingual(root, 'title', 'tour');
  const summary = bilingual(root, 'summary', 'tour');
  const stepsNode = get(root, 'steps');
  if (stepsNode === undefined) return fail(root, 'tour.steps: required');
  if (!isSeq(stepsNode) || stepsNode.items.length === 0) return fail(stepsNode, 'tour.steps: must be a non-empty list');
  const ids = new Set<string>();
  const steps = stepsNode.items.map((item, i): TourStep => {
    const node = item as YamlNode;
    if (!isMap(node)) return fail(node, `steps[${i}]: must be a mapping (id, title, text, at, views, question)`);
    const id = str(node, 'id', `steps[${i}]`) as string;
    const where = `step "${id}"`;
    if (!ID.test(id)) fail(get(node, 'id'), `${where}: id must be lower-case letters, digits and '-'`);
    if (ids.has(id)) fail(get(node, 'id'), `${where}: id appears twice`);
    ids.add(id);
    keysOf(node, ['id', 'title', 'text', 'at', 'views', 'question'], where);
    const viewsNode = get(node, 'views');
    let views: TourView[] = [];
    if (viewsNode !== undefined) {
      if (!isSeq(viewsNode)) fail(viewsNode, `${where}.views: must be a list (${TOUR_VIEWS.join(', ')})`);
      views = (viewsNode as { items: unknown[] }).items.map((v) => {
        const s = isScalar(v) ? v.value : undefined;
        if (typeof s !== 'string' || !(TOUR_VIEWS as readonly string[]).includes(s)) return fail(v as YamlNode, `${where}.views: "${String(s)}" is not a view (${TOUR_VIEWS.join(', ')})`);
        return s as TourView;
      });
    }
    const q = get(node, 'question');
    return {
      id,
      title: bilingual(node, 'title', where),
      text: bilingual(node, 'text', where),
      at: matcher(get(node, 'at'), `${where}.at`, node),
      views,
      ...(q !== undefined ? { question: question(q, `${where}.question`) } : {}),
      pos: posOf(node),
    };
  });
  return { name, file, scenario, title, summary, steps };
}
