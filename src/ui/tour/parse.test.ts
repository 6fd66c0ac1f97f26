import { describe, expect, it } from 'vitest';
import { parseTour } from './parse.ts';
import { TourError } from './types.ts';

const FILE = 'examples/tours/demo.tour.yaml';
const GOOD = `tour: demo
scenario: hello-deployment
title: {en: Demo, ja: デモ}
summary: {en: A demo., ja: デモです。}
steps:
  - id: apply
    title: {en: Apply, ja: 適用}
    text: {en: "See [etcd](glossary:etcd).", ja: "[etcd](glossary:etcd) を見ます。"}
    at:
      kind: command
      actor: user
      op: kubectl apply -f -
      attrs: {phase: start, step: 0}
    views: [console, swimlane]
  - id: bind
    title: {en: Bind, ja: バインド}
    text: {en: Bound., ja: バインドされます。}
    at: {kind: span, actor: scheduler, op: "/^(Bind|PreBind)$/", ref: {kind: Pod, name: "/^web-/"}, nth: 2}
    question:
      prompt: {en: Which node?, ja: どのノード?}
      choices: nodes
      answer: {attr: node}
      explain: {en: Because., ja: だからです。}
  - id: pick
    title: {en: Pick, ja: 選ぶ}
    text: {en: Pick., ja: 選びます。}
    at: {actor: kubelet/}
    question:
      prompt: {en: Which?, ja: どれ?}
      choices:
        - {id: a, label: {en: A, ja: エー}}
        - {id: b, label: {en: B, ja: ビー}}
      answer: {choice: b}
      explain: {en: B., ja: B です。}
`;

function errorOf(text: string, file = FILE): string {
  try {
    parseTour(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(TourError);
    return (e as Error).message;
  }
  throw new Error('expected a TourError');
}

describe('parseTour', () => {
  it('reads a good tour: fields, patterns, attrs, nth, questions', () => {
    const tour = parseTour(GOOD, FILE);
    expect(tour).toMatchObject({ name: 'demo', file: FILE, scenario: 'hello-deployment', title: { en: 'Demo', ja: 'デモ' } });
    expect(tour.steps.map((s) => s.id)).toEqual(['apply', 'bind', 'pick']);
    const [apply, bind, pick] = tour.steps;
    expect(apply?.at).toMatchObject({ kind: 'command', actor: { exact: 'user' }, op: { exact: 'kubectl apply -f -' }, nth: 1 });
    expect(apply?.at.attrs).toEqual({ phase: { pattern: { exact: 'start' } }, step: { value: 0 } });
    expect(apply?.views).toEqual(['console', 'swimlane']);
    expect(apply?.pos.line).toBe(6);
    expect(bind?.at.nth).toBe(2);
    expect(bind?.at.op && 'regex' in bind.at.op && bind.at.op.regex.source).toBe('^(Bind|PreBind)$');
    expect(bind?.question?.choices).toBe('nodes');
    expect(bind?.question?.answer).toMatchObject({ attr: 'node' });
    expect(pick?.at.actor).toEqual({ prefix: 'kubelet/' });
    expect(pick?.question?.answer).toMatchObject({ choice: 'b' });
  });

  it('reports YAML syntax errors with file, line and column', () => {
    expect(errorOf('tour: demo\nsteps: [\n')).toMatch(/^examples\/tours\/demo\.tour\.yaml:\d+:\d+: /);
  });

  it.each([
    ['a missing field', GOOD.replace('scenario: hello-deployment\n', ''), /^examples\/tours\/demo\.tour\.yaml:1:1: tour\.scenario: required$/],
    ['a name that is not the file name', GOOD.replace('tour: demo', 'tour: other'), /:1:7: tour: "other" must be the file name \(demo\)/],
    ['an unknown key', GOOD.replace('    views: [console, swimlane]', '    veiws: [console]'), /:14:5: step "apply": unknown field "veiws"/],
    ['a duplicate step id', GOOD.replace('- id: bind', '- id: apply'), /:15:9: step "apply": id appears twice/],
    ['an unknown view', GOOD.replace('[console, swimlane]', '[console, radar]'), /:14:22: step "apply"\.views: "radar" is not a view/],
    ['an unknown event kind', GOOD.replace('kind: command', 'kind: commnd'), /:10:13: step "apply"\.at\.kind: "commnd" is not a trace event kind/],
    ['a bad regex', GOOD.replace('"/^web-/"', '"/^web-(/"'), /step "bind"\.at\.ref\.name: invalid regular expression/],
    ['a bad nth', GOOD.replace('nth: 2', 'nth: 0'), /step "bind"\.at\.nth: must be a whole number ≥ 1/],
    ['a missing Japanese text', GOOD.replace('text: {en: Bound., ja: バインドされます。}', 'text: {en: Bound.}'), /:17:11: step "bind"\.text\.ja: required/],
    ['a missing at', GOOD.replace('    at: {actor: kubelet/}\n', ''), /step "pick"\.at: required/],
    ['an answer that is not a choice', GOOD.replace('answer: {choice: b}', 'answer: {choice: c}'), /step "pick"\.question\.answer\.choice: "c" is not one of the choices/],
    ['both attr and choice', GOOD.replace('answer: {choice: b}', 'answer: {choice: b, attr: x}'), /step "pick"\.question\.answer: give exactly one of attr or choice/],
    ['no steps', GOOD.slice(0, GOOD.indexOf('steps:')) + 'steps: []\n', /tour\.steps: must be a non-empty list/],
  ])('rejects %s, naming the field', (_what, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
