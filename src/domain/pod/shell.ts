/**
 * Just enough of a POSIX shell's grammar (the `sh -c "<script>"` of pod specs) to tell what a
 * container's script does: simple commands separated by `;`, `&&`, `||`, `&`, `|` and newlines,
 * `while COND; do BODY; done` / `until …`, and `$VAR` / `${VAR}` expansion from the environment,
 * with single and double quotes and backslash escapes as POSIX (XCU 2.2, 2.3, 2.9) reads them.
 * Anything else (`if`, `case`, functions, subshells, redirections beyond dropping them) parses as
 * an `unsupported` statement, which domain/pod/process.ts takes to run until signalled: a script
 * the simulator cannot follow is never made to crash.
 */

export type Separator = ';' | '&&' | '||' | '&' | '|';

export type Statement =
  | { kind: 'command'; argv: string[]; sep: Separator }
  | { kind: 'loop'; until: boolean; cond: Statement[]; body: Statement[]; sep: Separator }
  | { kind: 'unsupported'; text: string; sep: Separator };

type Token = { op: string } | { word: string };

const OPERATORS = ['&&', '||', ';;', ';', '&', '|', '\n', '(', ')'];

/** Splits a script into words and operators; comments and redirections are dropped. */
export function tokenize(script: string, env: Readonly<Record<string, string>> = {}): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: string | undefined;
  const flush = (): void => {
    if (word !== undefined) out.push({ word });
    word = undefined;
  };
  const expand = (from: number): number => {
    // $NAME or ${NAME}; other expansions ($(…), $?) expand to nothing.
    let j = from + 1;
    let name = '';
    if (script[j] === '{') {
      const end = script.indexOf('}', j);
      name = script.slice(j + 1, end < 0 ? script.length : end);
      j = end < 0 ? script.length : end + 1;
    } else {
      while (j < script.length && /[A-Za-z0-9_]/.test(script[j] as string)) name += script[j++];
      if (name === '' && j < script.length && /[?$#!@*0-9-]/.test(script[j] as string)) j++;
    }
    word = (word ?? '') + (env[name.split(/[:-]/)[0] ?? ''] ?? '');
    return j;
  };
  while (i < script.length) {
    const c = script[i] as string;
    if (c === '\\' && i + 1 < script.length) {
      if (script[i + 1] !== '\n') word = (word ?? '') + script[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      word = (word ?? '') + script.slice(i + 1, end < 0 ? script.length : end);
      i = end < 0 ? script.length : end + 1;
    } else if (c === '"') {
      i++;
      word = word ?? '';
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && /["\\$`]/.test(script[i + 1] ?? '')) {
          word += script[i + 1];
          i += 2;
        } else if (script[i] === '$') i = expand(i);
        else word += script[i++];
      }
      i++;
    } else if (c === '$') {
      i = expand(i);
    } else if (c === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (/[<>]/.test(c)) {
      // A redirection: drop it and its target (`> /dev/null`, `2>&1`).
      if (word !== undefined && /^[0-9]$/.test(word)) word = undefined;
      flush();
      i++;
      while (script[i] === '>' || script[i] === '&') i++;
      while (script[i] === ' ') i++;
      while (i < script.length && !/[\s;&|]/.test(script[i] as string)) i++;
    } else {
      const op = OPERATORS.find((o) => script.startsWith(o, i));
      if (op) {
        flush();
        out.push({ op });
        i += op.length;
      } else {
        word = (word ?? '') + c;
        i++;
      }
    }
  }
  flush();
  return out;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'in', 'function', '{', '}']);

/** Parses a script into statements. */
export function parseScript(script: string, env: Readonly<Record<string, string>> = {}): Statement[] {
  const tokens = tokenize(script, env);
  let pos = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t && 'word' in t ? t.word : undefined;
  };
  const list = (stop: readonly string[]): Statement[] => {
    const stmts: Statement[] = [];
    while (pos < tokens.length) {
      const w = peekWord();
      if (w !== undefined && stop.includes(w)) break;
      const t = tokens[pos] as Token;
      if ('op' in t && (t.op === '\n' || t.op === ';')) {
        pos++;
        continue;
      }
      const stmt = statement();
      stmts.push(stmt);
    }
    return stmts;
  };
  const separator = (): Separator => {
    const t = tokens[pos];
    if (t && 'op' in t && ['&&', '||', ';', '&', '|', '\n'].includes(t.op)) {
      pos++;
      return t.op === '\n' ? ';' : (t.op as Separator);
    }
    return ';';
  };
  const statement = (): Statement => {
    const first = peekWord();
    if (first === 'while' || first === 'until') {
      pos++;
      const cond = list(['do']);
      if (peekWord() !== 'do') return { kind: 'unsupported', text: first, sep: separator() };
      pos++;
      const body = list(['done']);
      if (peekWord() !== 'done') return { kind: 'unsupported', text: first, sep: separator() };
      pos++;
      return { kind: 'loop', until: first === 'until', cond, body, sep: separator() };
    }
    const argv: string[] = [];
    const start = pos;
    let unsupported = first !== undefined && RESERVED.has(first);
    while (pos < tokens.length) {
      const t = tokens[pos] as Token;
      if ('op' in t) {
        if (t.op === '(' || t.op === ')' || t.op === ';;') {
          unsupported = true;
          pos++;
          continue;
        }
        break;
      }
      if (['do', 'done'].includes(t.word) && argv.length === 0) break;
      argv.push(t.word);
      pos++;
    }
    if (pos === start) {
      // A stray keyword (`done` without `while`): skip it, so parsing always moves on.
      pos++;
      return { kind: 'unsupported', text: first ?? '', sep: separator() };
    }
    const sep = separator();
    if (unsupported) return { kind: 'unsupported', text: argv.join(' '), sep };
    return { kind: 'command', argv, sep };
  };
  return list([]);
}
