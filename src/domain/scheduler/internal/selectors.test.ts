import { describe, expect, it } from 'vitest';
import { makeNode } from './fixtures.ts';
import { compileLabelSelector, compileNodeSelectorTerm, compileNodeSelectorTerms, matchesLabelSet } from './selectors.ts';

const node = makeNode('node-1', { labels: { zone: 'a', disk: 'ssd', gen: '5' } });

describe('node selector terms', () => {
  it('ANDs the expressions of one term', () => {
    const t = compileNodeSelectorTerm({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] });
    expect(t?.matches(node)).toBe(true);
    const t2 = compileNodeSelectorTerm({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] });
    expect(t2?.matches(node)).toBe(false);
  });

  it('NotIn and DoesNotExist match an absent key; In and Exists do not', () => {
    const m = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]) =>
      compileNodeSelectorTerm({ matchExpressions: [{ key: 'gpu', operator, ...(values ? { values } : {}) }] })?.matches(node);
    expect(m('NotIn', ['x'])).toBe(true);
    expect(m('DoesNotExist')).toBe(true);
    expect(m('In', ['x'])).toBe(false);
    expect(m('Exists')).toBe(false);
  });

  it('compares Gt / Lt as integers', () => {
    const m = (operator: 'Gt' | 'Lt', v: string) => compileNodeSelectorTerm({ matchExpressions: [{ key: 'gen', operator, values: [v] }] })?.matches(node);
    expect(m('Gt', '4')).toBe(true);
    expect(m('Gt', '5')).toBe(false);
    expect(m('Lt', '10')).toBe(true);
    const zone = compileNodeSelectorTerm({ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] });
    expect(zone?.matches(node)).toBe(false);
  });

  it('drops empty and invalid terms (they match nothing)', () => {
    expect(compileNodeSelectorTerm({})).toBeNull();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] })).toBeNull();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['x'] }] })).toBeNull();
    expect(compileNodeSelectorTerms([{}]).matches(node)).toBe(false);
    expect(compileNodeSelectorTerms([]).matches(node)).toBe(false);
  });

  it('ORs the terms', () => {
    const terms = compileNodeSelectorTerms([
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
      { matchExpressions: [{ key: 'disk', operator: 'Exists' }] },
    ]);
    expect(terms.matches(node)).toBe(true);
  });

  it('matches metadata.name through matchFields only', () => {
    expect(compileNodeSelectorTerm({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] })?.matches(node)).toBe(true);
    expect(compileNodeSelectorTerm({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] })?.matches(node)).toBe(false);
    expect(compileNodeSelectorTerm({ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }] })).toBeNull();
  });
});

describe('label selectors', () => {
  it('matchLabels and matchExpressions are ANDed', () => {
    const s = compileLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
    expect(s.matches({ app: 'web' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'db' })).toBe(false);
    expect(s.matches({ app: 'api' })).toBe(false);
    expect(s.empty).toBe(false);
  });

  it('an empty selector is flagged empty and matches everything', () => {
    const s = compileLabelSelector({});
    expect(s.empty).toBe(true);
    expect(s.matches({ anything: 'x' })).toBe(true);
    expect(s.matches(undefined)).toBe(true);
  });

  it('matchesLabelSet needs every pair', () => {
    expect(matchesLabelSet({ disk: 'ssd' }, { disk: 'ssd', zone: 'a' })).toBe(true);
    expect(matchesLabelSet({ disk: 'ssd', zone: 'b' }, { disk: 'ssd', zone: 'a' })).toBe(false);
    expect(matchesLabelSet({}, undefined)).toBe(true);
  });
});
