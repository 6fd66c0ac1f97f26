import type { LabelSelector } from './objects.ts';
import { fieldInvalid, isQualifiedName, isValidLabelValue } from './validation.ts';

/**
 * Label selectors, following k8s.io/apimachinery/pkg/labels/selector.go (Requirement, the
 * lexer and parser behind `kubectl get -l`, String()) and apis/meta/v1/helpers.go
 * (LabelSelectorAsSelector, FormatLabelSelector).
 *
 * Two shapes exist: the API's LabelSelector (matchLabels + matchExpressions, in objects) and the
 * string form of `-l` (which also has `!=`, `==`, `>` and `<`). Both become a list of
 * Requirements, matched and printed the same way.
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Equals' | 'DoubleEquals' | 'NotEquals' | 'Exists' | 'DoesNotExist' | 'GreaterThan' | 'LessThan';

/** One requirement of a selector; all requirements must hold (AND). */
export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** Requirement.Matches */
export function requirementMatches(req: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, req.key);
  const value = has ? (labels as Record<string, string>)[req.key] : undefined;
  switch (req.operator) {
    case 'In':
    case 'Equals':
    case 'DoubleEquals':
      return has && req.values.includes(value as string);
    case 'NotIn':
    case 'NotEquals':
      return !has || !req.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'GreaterThan':
    case 'LessThan': {
      if (!has || req.values.length !== 1) return false;
      const lv = parseGoInt(value as string);
      const rv = parseGoInt(req.values[0] as string);
      if (lv === undefined || rv === undefined) return false;
      return req.operator === 'GreaterThan' ? lv > rv : lv < rv;
    }
  }
}

/** strconv.ParseInt(s, 10, 64) */
function parseGoInt(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(1n << 63n) && v < 1n << 63n ? v : undefined;
}

/** True when every requirement matches (an empty list matches everything). */
export function matchesRequirements(reqs: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  return reqs.every((r) => requirementMatches(r, labels));
}

/** Requirement.String(): 'app=web', 'tier in (a,b)', '!canary', 'release notin (x)'. */
export function requirementToString(req: Requirement): string {
  let out = req.operator === 'DoesNotExist' ? `!${req.key}` : req.key;
  switch (req.operator) {
    case 'Exists':
    case 'DoesNotExist':
      return out;
    case 'Equals':
      out += '=';
      break;
    case 'DoubleEquals':
      out += '==';
      break;
    case 'NotEquals':
      out += '!=';
      break;
    case 'In':
      out += ' in ';
      break;
    case 'NotIn':
      out += ' notin ';
      break;
    case 'GreaterThan':
      out += '>';
      break;
    case 'LessThan':
      out += '<';
      break;
  }
  // Values print sorted (safeSort), without changing the requirement.
  const values = req.values.length === 1 ? (req.values[0] as string) : [...req.values].sort(compareGoStrings).join(',');
  return req.operator === 'In' || req.operator === 'NotIn' ? `${out}(${values})` : `${out}${values}`;
}

/** Go compares strings bytewise; for the ASCII of label values that is code-unit order. */
function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by key (ByKey), keeping the given order among equal keys. */
function sortByKey(reqs: Requirement[]): Requirement[] {
  return reqs.map((r, i) => ({ r, i })).sort((a, b) => compareGoStrings(a.r.key, b.r.key) || a.i - b.i).map((x) => x.r);
}

/** internalSelector.String(): requirements sorted by key, joined by ','. */
export function requirementsToString(reqs: readonly Requirement[]): string {
  return sortByKey([...reqs]).map(requirementToString).join(',');
}

/**
 * metav1.LabelSelectorAsSelector: matchLabels become `key=value` (Equals), matchExpressions keep
 * their operator. Throws for an unknown operator with upstream's wording.
 */
export function labelSelectorAsRequirements(selector: LabelSelector): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, operator: 'Equals', values: [value] });
  for (const expr of selector.matchExpressions ?? []) {
    const op = expr.operator as string;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      throw new Error(`${JSON.stringify(op)} is not a valid label selector operator`);
    }
    reqs.push({ key: expr.key, operator: op, values: [...(expr.values ?? [])] });
  }
  return sortByKey(reqs);
}

function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/**
 * Whether labels match a LabelSelector: every matchLabels entry and every matchExpression
 * (AND). An empty selector matches everything; a missing (null/undefined) selector matches
 * nothing, as LabelSelectorAsSelector(nil) is labels.Nothing().
 */
export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | null | undefined): boolean {
  if (selector === null || selector === undefined) return false;
  if (isEmptySelector(selector)) return true;
  return matchesRequirements(labelSelectorAsRequirements(selector), labels);
}

/**
 * The selector's string form, as kubectl prints it in `-o wide` and `describe`:
 * 'app=web,tier in (a,b)'. An empty selector gives '' (see formatLabelSelector for '<none>').
 */
export function selectorToString(selector: LabelSelector): string {
  if (isEmptySelector(selector)) return '';
  return requirementsToString(labelSelectorAsRequirements(selector));
}

/** metav1.FormatLabelSelector: like selectorToString, '<none>' when empty, '<error>' when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  if (selector === null || selector === undefined) return '<none>';
  try {
    const s = selectorToString(selector);
    return s === '' ? '<none>' : s;
  } catch {
    return '<error>';
  }
}

/** labels.FormatLabels: 'a=1,b=2' sorted by key, '<none>' when empty (kubectl --show-labels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareGoStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

// ---------------------------------------------------------------------------------------------
// The `-l` string parser: a port of the lexer and recursive-descent parser in selector.go, so
// both what is accepted and the error wording match.

type Token =
  | 'Error'
  | 'EndOfString'
  | 'ClosedPar'
  | 'Comma'
  | 'DoesNotExist'
  | 'DoubleEquals'
  | 'Equals'
  | 'GreaterThan'
  | 'Identifier'
  | 'In'
  | 'LessThan'
  | 'NotEquals'
  | 'NotIn'
  | 'OpenPar';

const STRING_TO_TOKEN: Record<string, Token> = {
  ')': 'ClosedPar',
  ',': 'Comma',
  '!': 'DoesNotExist',
  '==': 'DoubleEquals',
  '=': 'Equals',
  '>': 'GreaterThan',
  in: 'In',
  '<': 'LessThan',
  '!=': 'NotEquals',
  notin: 'NotIn',
  '(': 'OpenPar',
};

/** The order upstream lists binary operators in its error message (binaryOperators). */
const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

interface Scanned {
  tok: Token;
  lit: string;
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

function lex(s: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  const read = (): string => (pos < s.length ? (s[pos++] as string) : '');
  const unread = (): void => {
    pos--;
  };
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: 'EndOfString', lit: '' });
      return items;
    }
    unread();
    if (isSpecialSymbol(ch)) {
      // scanSpecialSymbol: the longest run of symbols that is still a known token.
      let buffer = '';
      let last: Scanned | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const t = STRING_TO_TOKEN[buffer];
          if (t !== undefined && Object.hasOwn(STRING_TO_TOKEN, buffer)) {
            last = { tok: t, lit: buffer };
          } else if (last) {
            unread();
            break;
          }
        } else {
          unread();
          break;
        }
      }
      items.push(last ?? { tok: 'Error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          unread();
          break;
        }
        buffer += c;
      }
      const t = Object.hasOwn(STRING_TO_TOKEN, buffer) ? STRING_TO_TOKEN[buffer] : undefined;
      items.push({ tok: t ?? 'Identifier', lit: buffer });
    }
  }
}

class SelectorParser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In the Values context, 'in' and 'notin' are plain identifiers ('x in (in)'). */
  private asContext(item: Scanned, values: boolean): Scanned {
    if (values && (item.tok === 'In' || item.tok === 'NotIn')) return { tok: 'Identifier', lit: item.lit };
    return item;
  }
  lookahead(values = true): Scanned {
    return this.asContext(this.items[this.position] as Scanned, values);
  }
  consume(values = true): Scanned {
    this.position++;
    return this.asContext(this.items[this.position - 1] as Scanned, values);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === 'Identifier' || tok === 'DoesNotExist') {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume();
        if (next.tok === 'EndOfString') return reqs;
        if (next.tok === 'Comma') {
          const after = this.lookahead();
          if (after.tok !== 'Identifier' && after.tok !== 'DoesNotExist') {
            throw new Error(`found '${after.lit}', expected: identifier after ','`);
          }
        } else {
          throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'EndOfString') {
        return reqs;
      } else {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'Exists' || operator === 'DoesNotExist') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === 'In' || op === 'NotIn' ? this.parseValues() : this.parseExactValue();
    // sets.String.List(): the values come out sorted and de-duplicated.
    return newRequirement(key, op, [...values].sort(compareGoStrings));
  }

  private parseKeyAndInferOperator(): { key: string; operator?: SelectorOperator } {
    let operator: SelectorOperator | undefined;
    let item = this.consume();
    if (item.tok === 'DoesNotExist') {
      operator = 'DoesNotExist';
      item = this.consume();
    }
    if (item.tok !== 'Identifier') throw new Error(`found '${item.lit}', expected: identifier`);
    const keyErrs = isQualifiedName(item.lit);
    if (keyErrs.length > 0) throw new Error(fieldInvalid('<nil>', item.lit, keyErrs.join('; ')));
    const next = this.lookahead();
    if ((next.tok === 'EndOfString' || next.tok === 'Comma') && operator !== 'DoesNotExist') operator = 'Exists';
    return operator === undefined ? { key: item.lit } : { key: item.lit, operator };
  }

  private parseOperator(): SelectorOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'In':
        return 'In';
      case 'Equals':
        return 'Equals';
      case 'DoubleEquals':
        return 'DoubleEquals';
      case 'GreaterThan':
        return 'GreaterThan';
      case 'LessThan':
        return 'LessThan';
      case 'NotIn':
        return 'NotIn';
      case 'NotEquals':
        return 'NotEquals';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume();
    if (open.tok !== 'OpenPar') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === 'Identifier' || tok === 'Comma') {
      const s = this.parseIdentifiersList();
      if (this.consume().tok !== 'ClosedPar') throw new Error(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === 'ClosedPar') {
      this.consume();
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === 'Identifier') {
        s.add(lit);
        const next = this.lookahead();
        if (next.tok === 'Comma') continue;
        if (next.tok === 'ClosedPar') return s;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === 'Comma') {
        // "(," "a,,b" and ",)" all stand for an empty value.
        if (s.size === 0) s.add('');
        const next = this.lookahead();
        if (next.tok === 'ClosedPar') {
          s.add('');
          return s;
        }
        if (next.tok === 'Comma') {
          this.consume();
          s.add('');
        }
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead();
    if (next.tok === 'EndOfString' || next.tok === 'Comma') return new Set(['']);
    const { tok, lit } = this.consume();
    if (tok === 'Identifier') return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** labels.NewRequirement's checks, with field paths as the parser (nil path) produces them. */
function newRequirement(key: string, operator: SelectorOperator, values: string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(fieldInvalid('key', key, keyErrs.join('; ')));
  if ((operator === 'GreaterThan' || operator === 'LessThan') && values.length === 1 && parseGoInt(values[0] as string) === undefined) {
    errs.push(fieldInvalid('values[0]', values[0] as string, "for 'Gt', 'Lt' operators, the value must be an integer"));
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(fieldInvalid(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return { key, operator, values };
}

/**
 * labels.Parse: the `kubectl get -l` syntax ('a=b,c!=d,e in (x,y),!f,g'), returning requirements
 * sorted by key. Throws an Error with upstream's message on bad input, e.g.
 * "unable to parse requirement: found '', expected: identifier" or
 * "found ',', expected: !, identifier, or 'end of string'".
 */
export function parseSelectorRequirements(text: string): Requirement[] {
  return sortByKey(new SelectorParser(lex(text)).parse());
}

/**
 * Parses a `-l` selector into the API's LabelSelector shape: `=`/`==` become matchLabels,
 * `!=` becomes NotIn, set operators stay expressions. `>` and `<` have no LabelSelector form and
 * throw: use parseSelectorRequirements + matchesRequirements for full `-l` fidelity.
 */
export function parseSelector(text: string): LabelSelector {
  const reqs = parseSelectorRequirements(text);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  for (const r of reqs) {
    switch (r.operator) {
      case 'Equals':
      case 'DoubleEquals':
        if (Object.hasOwn(matchLabels, r.key) && matchLabels[r.key] !== r.values[0]) {
          matchExpressions.push({ key: r.key, operator: 'In', values: [...r.values] });
        } else {
          matchLabels[r.key] = r.values[0] as string;
        }
        break;
      case 'NotEquals':
        matchExpressions.push({ key: r.key, operator: 'NotIn', values: [...r.values] });
        break;
      case 'In':
      case 'NotIn':
        matchExpressions.push({ key: r.key, operator: r.operator, values: [...r.values] });
        break;
      case 'Exists':
      case 'DoesNotExist':
        matchExpressions.push({ key: r.key, operator: r.operator });
        break;
      case 'GreaterThan':
      case 'LessThan':
        throw new Error(`the ${r.operator === 'GreaterThan' ? '>' : '<'} operator in "${requirementToString(r)}" has no LabelSelector form`);
    }
  }
  const out: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) out.matchLabels = matchLabels;
  if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
  return out;
}
