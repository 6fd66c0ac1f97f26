import { describe, expect, it } from 'vitest';
import { parseStrace } from './strace.ts';

describe('parseStrace', () => {
  it('joins calls that strace split with <unfinished ...> and <... resumed>', () => {
    const text = [
      '7638  18:32:48.952146 unshare(CLONE_NEWNS|CLONE_NEWPID <unfinished ...>',
      '7637  18:32:48.952200 clone(child_stack=NULL, flags=CLONE_PARENT|SIGCHLD) = 7639',
      '7638  18:32:48.952300 <... unshare resumed>) = 0',
      '7639  18:32:49.111292 pivot_root(".", ".") = 0',
      '7639  18:32:49.140552 --- SIGCHLD {si_signo=SIGCHLD} ---',
      '7639  18:32:49.150000 +++ exited with 0 +++',
    ].join('\n');
    expect(parseStrace(text)).toEqual([
      { index: 0, pid: 7638, time: '18:32:48.952146', syscall: 'unshare', rest: 'CLONE_NEWNS|CLONE_NEWPID) = 0', unfinished: false },
      { index: 1, pid: 7637, time: '18:32:48.952200', syscall: 'clone', rest: 'child_stack=NULL, flags=CLONE_PARENT|SIGCHLD) = 7639', unfinished: false },
      { index: 3, pid: 7639, time: '18:32:49.111292', syscall: 'pivot_root', rest: '".", ".") = 0', unfinished: false },
    ]);
  });
});
