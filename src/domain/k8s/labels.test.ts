import { describe, expect, it } from 'vitest';
import {
  formatLabels,
  formatLabelSelector,
  labelSelectorAsRequirements,
  matchesRequirements,
  matchesSelector,
  parseSelector,
  parseSelectorRequirements,
  requirementsToString,
  selectorToString,
} from './labels.ts';

const QNAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'frontend', 'pod-template-hash': '7d4b9c' };

  it('ANDs matchLabels and matchExpressions', () => {
    expect(matchesSelector(labels, { matchLabels: { app: 'web' } })).toBe(true);
    expect(matchesSelector(labels, { matchLabels: { app: 'web', tier: 'backend' } })).toBe(false);
    expect(matchesSelector(labels, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] })).toBe(
      true,
    );
    expect(matchesSelector(labels, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] })).toBe(false);
  });

  it('handles each operator, including missing keys', () => {
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'canary', operator: 'In', values: ['true'] }] })).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] })).toBe(false);
  });

  it('matches everything with an empty selector and nothing with a missing one', () => {
    expect(matchesSelector(labels, {})).toBe(true);
    expect(matchesSelector(undefined, { matchLabels: {} })).toBe(true);
    expect(matchesSelector(labels, undefined)).toBe(false);
    expect(matchesSelector(labels, null)).toBe(false);
    expect(matchesSelector(undefined, { matchLabels: { app: 'web' } })).toBe(false);
  });

  it('rejects an unknown operator with upstream wording', () => {
    expect(() => matchesSelector(labels, { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });
});

describe('selectorToString / formatLabelSelector / formatLabels', () => {
  it('prints as kubectl does, sorted by key, values sorted', () => {
    expect(selectorToString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] })).toBe(
      'app=web,tier in (a,b)',
    );
    expect(selectorToString({ matchLabels: { z: '1', a: '2' } })).toBe('a=2,z=1');
    expect(
      selectorToString({
        matchExpressions: [
          { key: 'release', operator: 'NotIn', values: ['canary'] },
          { key: 'env', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('env,!legacy,release notin (canary)');
  });

  it("gives '' / '<none>' for an empty selector", () => {
    expect(selectorToString({})).toBe('');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] })).toBe('<error>');
  });

  it('formats label sets for --show-labels', () => {
    expect(formatLabels({ tier: 'fe', app: 'web' })).toBe('app=web,tier=fe');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('turns LabelSelectors into Equals requirements for matchLabels', () => {
    expect(labelSelectorAsRequirements({ matchLabels: { app: 'web' } })).toEqual([{ key: 'app', operator: 'Equals', values: ['web'] }]);
  });
});

describe('parseSelectorRequirements (labels.Parse, kubectl -l)', () => {
  it('parses every operator and sorts by key', () => {
    const reqs = parseSelectorRequirements('a=b,c!=d,e in (y,x),!f,g==h,n>1,m<5,k notin (z),p');
    expect(reqs).toEqual([
      { key: 'a', operator: 'Equals', values: ['b'] },
      { key: 'c', operator: 'NotEquals', values: ['d'] },
      { key: 'e', operator: 'In', values: ['x', 'y'] },
      { key: 'f', operator: 'DoesNotExist', values: [] },
      { key: 'g', operator: 'DoubleEquals', values: ['h'] },
      { key: 'k', operator: 'NotIn', values: ['z'] },
      { key: 'm', operator: 'LessThan', values: ['5'] },
      { key: 'n', operator: 'GreaterThan', values: ['1'] },
      { key: 'p', operator: 'Exists', values: [] },
    ]);
    expect(requirementsToString(reqs)).toBe('a=b,c!=d,e in (x,y),!f,g==h,k notin (z),m<5,n>1,p');
  });

  it('accepts the examples of the Parse documentation', () => {
    const reqs = parseSelectorRequirements('x in (foo,,baz),y,z notin ()');
    expect(reqs).toEqual([
      { key: 'x', operator: 'In', values: ['', 'baz', 'foo'] },
      { key: 'y', operator: 'Exists', values: [] },
      { key: 'z', operator: 'NotIn', values: [''] },
    ]);
  });

  it('skips whitespace, allows empty values and keywords as values', () => {
    expect(parseSelectorRequirements('  app = web , tier in ( a , b ) ')).toEqual([
      { key: 'app', operator: 'Equals', values: ['web'] },
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
    ]);
    expect(parseSelectorRequirements('a=')).toEqual([{ key: 'a', operator: 'Equals', values: [''] }]);
    expect(parseSelectorRequirements('key in (in,notin)')).toEqual([{ key: 'key', operator: 'In', values: ['in', 'notin'] }]);
    expect(parseSelectorRequirements('')).toEqual([]);
    expect(parseSelectorRequirements('example.com/team=a')).toEqual([{ key: 'example.com/team', operator: 'Equals', values: ['a'] }]);
  });

  it('matches like the server does', () => {
    const labels = { app: 'web', rank: '7' };
    expect(matchesRequirements(parseSelectorRequirements('app=web,rank>5'), labels)).toBe(true);
    expect(matchesRequirements(parseSelectorRequirements('rank<5'), labels)).toBe(false);
    expect(matchesRequirements(parseSelectorRequirements('app!=web'), labels)).toBe(false);
    expect(matchesRequirements(parseSelectorRequirements('env!=prod'), labels)).toBe(true);
    expect(matchesRequirements(parseSelectorRequirements('!app'), labels)).toBe(false);
    expect(matchesRequirements(parseSelectorRequirements('app>1'), labels)).toBe(false);
  });

  it.each([
    ['a=b,', "found '', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a@b=c', `unable to parse requirement: <nil>: Invalid value: "a@b": ${QNAME_MSG}`],
    ['x>abc', `unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`],
  ])('%j fails: %s', (text, message) => {
    expect(() => parseSelectorRequirements(text)).toThrowError(new Error(message));
  });

  it('reports invalid values with their field path', () => {
    expect(() => parseSelectorRequirements('a=b@')).toThrowError(
      new Error(
        `unable to parse requirement: values[0][a]: Invalid value: "b@": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ),
    );
  });
});

describe('parseSelector (to a LabelSelector)', () => {
  it('maps = to matchLabels, != to NotIn and keeps set operators', () => {
    expect(parseSelector('app=web,tier in (a,b),!canary,env!=prod')).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
      ],
    });
    expect(parseSelector('')).toEqual({});
  });

  it('keeps two different values for one key as an extra In requirement', () => {
    const sel = parseSelector('a=1,a=2');
    expect(sel).toEqual({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }] });
    expect(matchesSelector({ a: '1' }, sel)).toBe(false);
  });

  it('round-trips through selectorToString', () => {
    expect(selectorToString(parseSelector('app=web,tier in (a,b)'))).toBe('app=web,tier in (a,b)');
  });

  it('refuses > and <, which a LabelSelector cannot hold', () => {
    expect(() => parseSelector('rank>1')).toThrow('no LabelSelector form');
  });
});
