import { describe, expect, it } from 'vitest';
import { TokenizeError, tokenize, tokenizeWithPositions } from './tokenize.ts';

describe('tokenize', () => {
  it('splits on blanks and collapses runs of them', () => {
    expect(tokenize('kubectl  get\tpods   -o wide')).toEqual(['kubectl', 'get', 'pods', '-o', 'wide']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('keeps single-quoted text literally, backslashes included', () => {
    expect(tokenize(`kubectl get pods -l 'app in (web, api)'`)).toEqual(['kubectl', 'get', 'pods', '-l', 'app in (web, api)']);
    expect(tokenize(`echo 'a\\b"c'`)).toEqual(['echo', 'a\\b"c']);
  });

  it('handles double quotes with the escapes a shell honours there', () => {
    expect(tokenize(`x "a \\"b\\" \\\\ c"`)).toEqual(['x', 'a "b" \\ c']);
    // any other backslash is kept, as in bash
    expect(tokenize(`x "a\\nb"`)).toEqual(['x', 'a\\nb']);
  });

  it('joins quoted and unquoted parts of one word', () => {
    expect(tokenize(`kubectl get pods -o=jsonpath='{.items[*].metadata.name}'`)).toEqual([
      'kubectl',
      'get',
      'pods',
      '-o=jsonpath={.items[*].metadata.name}',
    ]);
    expect(tokenize(`a"b c"d`)).toEqual(['ab cd']);
  });

  it('keeps empty quoted words', () => {
    expect(tokenize(`x '' ""`)).toEqual(['x', '', '']);
  });

  it('escapes the next character outside quotes and drops backslash-newline', () => {
    expect(tokenize('a\\ b c')).toEqual(['a b', 'c']);
    expect(tokenize('kubectl get \\\n  pods')).toEqual(['kubectl', 'get', 'pods']);
  });

  it('ignores a comment that starts a word, but not a # inside a word', () => {
    expect(tokenize('kubectl get pods # list them')).toEqual(['kubectl', 'get', 'pods']);
    expect(tokenize('echo a#b')).toEqual(['echo', 'a#b']);
  });

  it('reports an unterminated quote with the column of the opening quote', () => {
    const err = catchError(() => tokenize(`kubectl get pods -l 'app=web`));
    expect(err).toBeInstanceOf(TokenizeError);
    expect(err.column).toBe(21);
    expect(err.message).toBe("unexpected EOF while looking for matching `''");
    const dq = catchError(() => tokenize('echo "abc'));
    expect(dq.column).toBe(6);
    expect(dq.message).toBe('unexpected EOF while looking for matching `"\'');
  });

  it('refuses pipes, lists and redirections instead of running something else', () => {
    const err = catchError(() => tokenize('kubectl get pods | grep web'));
    expect(err.column).toBe(18);
    expect(err.message).toContain('shell operator "|" is not supported');
    expect(() => tokenize('a && b')).toThrow(TokenizeError);
    expect(() => tokenize('a > out.txt')).toThrow(TokenizeError);
    expect(() => tokenize('echo $HOME')).toThrow(/expansion/);
    expect(() => tokenize('echo "$HOME"')).toThrow(/expansion/);
    // inside single quotes they are just text
    expect(tokenize(`echo 'a | b; $c'`)).toEqual(['echo', 'a | b; $c']);
  });

  it('gives the start offset of every word', () => {
    expect(tokenizeWithPositions(`kubctl  get 'x y'`)).toEqual([
      { value: 'kubctl', start: 0 },
      { value: 'get', start: 8 },
      { value: 'x y', start: 12 },
    ]);
  });
});

function catchError(fn: () => unknown): TokenizeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TokenizeError) return e;
    throw e;
  }
  throw new Error('expected a TokenizeError');
}
