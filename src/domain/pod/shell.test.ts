import { describe, expect, it } from 'vitest';
import { parseScript, tokenize } from './shell.ts';

/** POSIX XCU 2.2 (quoting), 2.3 (token recognition), 2.9 (lists, loops): the subset pod scripts use. */
describe('shell grammar (POSIX XCU 2.2, 2.3, 2.9)', () => {
  it('splits words with single and double quotes and backslashes', () => {
    expect(tokenize(`echo 'a b' "c $HOME d" e\\ f`, { HOME: '/root' })).toEqual([{ word: 'echo' }, { word: 'a b' }, { word: 'c /root d' }, { word: 'e f' }]);
  });

  it('expands $VAR and ${VAR} and drops redirections and comments', () => {
    expect(tokenize('echo ${GREETING} > /dev/null 2>&1 # done', { GREETING: 'hi' })).toEqual([{ word: 'echo' }, { word: 'hi' }]);
  });

  it('reads lists with their separators', () => {
    expect(parseScript('touch /tmp/healthy; sleep 30 && rm -f /tmp/healthy || exit 1')).toEqual([
      { kind: 'command', argv: ['touch', '/tmp/healthy'], sep: ';' },
      { kind: 'command', argv: ['sleep', '30'], sep: '&&' },
      { kind: 'command', argv: ['rm', '-f', '/tmp/healthy'], sep: '||' },
      { kind: 'command', argv: ['exit', '1'], sep: ';' },
    ]);
  });

  it('reads while loops', () => {
    expect(parseScript('while true; do echo hello; sleep 10; done')).toEqual([
      { kind: 'loop', until: false, cond: [{ kind: 'command', argv: ['true'], sep: ';' }], body: [{ kind: 'command', argv: ['echo', 'hello'], sep: ';' }, { kind: 'command', argv: ['sleep', '10'], sep: ';' }], sep: ';' },
    ]);
  });

  it('marks what it cannot follow as unsupported, and always moves on', () => {
    expect(parseScript('if [ -f x ]; then exit 1; fi')[0]?.kind).toBe('unsupported');
    expect(parseScript('done; exit 3').map((s) => s.kind)).toEqual(['unsupported', 'command']);
  });
});
