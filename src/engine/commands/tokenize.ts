/**
 * Splits a command line into words the way a POSIX shell does for a simple command, so a
 * scenario can hold a line exactly as a user types it (`kubectl get pods -l 'app in (web)'`).
 *
 * Supported: blanks between words, 'single quotes' (everything literal), "double quotes"
 * (backslash escapes only \" \\ \$ \` and a newline), backslash outside quotes, a backslash-newline
 * continuation, and `#` comments at the start of a word. Not supported, because the simulator
 * runs one command at a time: pipes, lists, redirections, command substitution and variable
 * expansion. Those characters raise a TokenizeError instead of being silently taken as text, so
 * `kubectl get pods | grep web` is reported rather than run as something else. (`$` alone is
 * kept literally: a selector or a jsonpath may contain it inside quotes, and outside quotes a
 * shell would expand it, which we cannot do faithfully, so it is refused there too.)
 */

/** A word and where it starts in the line (0-based UTF-16 offset of its first character). */
export interface Token {
  value: string;
  start: number;
}

/** A line the tokenizer could not split: `column` is 1-based, as editors count. */
export class TokenizeError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TokenizeError';
  }
}

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

/** Words of the line with their start offsets. Throws TokenizeError. */
export function tokenizeWithPositions(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && line[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') break; // a comment runs to the end of the line
    const start = i;
    let value = '';
    let inWord = true;
    while (inWord && i < n) {
      const ch = line[i] as string;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        inWord = false;
      } else if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0) throw new TokenizeError(i + 1, "unexpected EOF while looking for matching `''");
        value += line.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        i = readDoubleQuoted(line, i, (s) => (value += s));
      } else if (ch === '\\') {
        if (i + 1 >= n) {
          i++; // a trailing backslash escapes nothing; bash keeps it out of the word
        } else if (line[i + 1] === '\n') {
          i += 2;
        } else {
          value += line[i + 1];
          i += 2;
        }
      } else if (OPERATORS.has(ch)) {
        throw new TokenizeError(i + 1, `shell operator ${JSON.stringify(ch)} is not supported: write one command per step`);
      } else if (ch === '$') {
        throw new TokenizeError(i + 1, 'shell expansion ("$") is not supported: quote the text with single quotes or write the value out');
      } else {
        value += ch;
        i++;
      }
    }
    tokens.push({ value, start });
  }
  return tokens;
}

/** Reads a double-quoted part starting at the opening quote; returns the index after the close. */
function readDoubleQuoted(line: string, open: number, emit: (s: string) => void): number {
  let i = open + 1;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const next = line[i + 1];
      if (next === '"' || next === '\\' || next === '$' || next === '`') {
        emit(next);
        i += 2;
        continue;
      }
      if (next === '\n') {
        i += 2;
        continue;
      }
      emit('\\');
      i++;
      continue;
    }
    if (ch === '$' || ch === '`') {
      throw new TokenizeError(i + 1, `shell expansion (${JSON.stringify(ch)}) is not supported: use single quotes`);
    }
    emit(ch);
    i++;
  }
  throw new TokenizeError(open + 1, 'unexpected EOF while looking for matching `"\'');
}

/** The words of a command line, e.g. `kubectl get pods -o wide` → ['kubectl','get','pods','-o','wide']. */
export function tokenize(line: string): string[] {
  return tokenizeWithPositions(line).map((t) => t.value);
}
