import { describe, expect, it } from 'vitest';
import { fixture } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import { runImporter } from './run-importer.ts';
import { straceImporter } from './strace.ts';

const state = JSON.parse(fixture('runc.state.created.json')) as { id: string; pid: number };
const DAY = Date.UTC(2026, 11, 2) * 1000;

describe('strace importer on real runc/crun traces', () => {
  it('runc create -ttt -y: the container id, nsexec stages, namespaces and cgroup.procs writes', () => {
    const r = runImporter(straceImporter, fixture('runc.create.strace-ttt.txt'));
    expect(r.errors).toEqual([]);
    expect(r.facts?.precision).toBe('us');
    expect(new Set(r.events.map((e) => e.actor))).toEqual(new Set(['runc/node-1']));
    expect(r.events[0]).toMatchObject({ op: 'execve', attrs: { proc: 'runc create' }, keys: expect.arrayContaining([`container:${state.id}`]) });
    const unshare = r.events.find((e) => e.op === 'unshare');
    expect(unshare?.attrs).toMatchObject({ proc: 'runc:[1:CHILD]', flags: 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET', containerId: state.id });
    // stage-1's second CLONE_PARENT clone is the container's init: the pid runc state reports.
    const stage2 = r.events.find((e) => e.op === 'clone' && e.attrs?.['proc'] === 'runc:[1:CHILD]');
    expect(stage2?.attrs).toMatchObject({ flags: 'CLONE_PARENT|SIGCHLD', child: state.pid });
    expect(r.events.find((e) => e.op === 'pivot_root')?.attrs).toMatchObject({ proc: 'runc:[2:INIT]', pid: state.pid, new_root: '.', put_old: '.' });
    expect(r.events.find((e) => e.op === 'sethostname')?.attrs).toMatchObject({ name: 'web-0' });
    const procs = r.events.filter((e) => e.op === 'write');
    expect(procs.length).toBeGreaterThan(3);
    for (const w of procs) expect(String(w.attrs?.['file'])).toMatch(new RegExp(`/${state.id}/cgroup\\.procs$`));
    // Go runtime threads are not processes: no clone with CLONE_THREAD is kept.
    expect(r.events.filter((e) => String(e.attrs?.['flags'] ?? '').includes('CLONE_THREAD'))).toEqual([]);
    expect(r.events.every((e) => typeof e.at === 'number')).toBe(true);
  });

  it('runc run -tt on stderr: [pid N] prefixes, strace notices inside lines, the time of day on ctx.day', () => {
    const r = runImporter(straceImporter, fixture('runc.run.strace-tt.stderr.txt'), { day: DAY });
    expect(r.errors).toEqual([]);
    const clone = r.events.find((e) => e.op === 'clone' && e.attrs?.['proc'] === 'runc run');
    expect(clone?.attrs?.['flags']).toBe('CLONE_VM|CLONE_VFORK|SIGCHLD');
    expect(r.events.some((e) => e.op === 'unshare')).toBe(true);
    expect(r.events.every((e) => e.at !== undefined && e.at >= DAY && e.at < DAY + 86_400_000_000)).toBe(true);
    const untimed = runImporter(straceImporter, fixture('runc.run.strace-tt.stderr.txt'));
    expect(untimed.events.every((e) => e.at === undefined)).toBe(true);
  });

  it('runc run without time (-o, leading pids): spans without at, precision none', () => {
    const r = runImporter(straceImporter, fixture('runc.run.strace-notime.txt'));
    expect(r.errors).toEqual([]);
    expect(r.facts?.precision).toBe('none');
    expect(r.events.every((e) => e.at === undefined)).toBe(true);
    expect(r.events.filter((e) => e.op === 'pivot_root')).toHaveLength(1);
  });

  it('crun: one clone with every CLONE_NEW* flag, by crun run, then crun init', () => {
    const r = runImporter(straceImporter, fixture('crun.run.strace-ttt.txt'));
    expect(r.errors).toEqual([]);
    expect(r.events[0]?.actor).toBe('crun/node-1');
    const clone = r.events.find((e) => e.op === 'clone' && String(e.attrs?.['flags']).includes('CLONE_NEWPID'));
    expect(clone?.attrs).toMatchObject({ proc: 'crun run', flags: 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|CLONE_NEWNET|SIGCHLD' });
    expect(r.events.find((e) => e.op === 'pivot_root')?.attrs?.['proc']).toBe('crun init');
    expect(r.events.some((e) => e.op === 'unshare')).toBe(false);
  });

  it('reports bad lines and calls that never resume, keeps the rest', () => {
    const text = ['1 1700000000.000001 execve("/usr/sbin/runc", ["runc", "start", "abc"], 0x1 /* 1 vars */) = 0', 'garbage here', '1 1700000000.000002 <... mount resumed>) = 0', '1 1700000000.000003 sethostname("x", 1 <unfinished ...>'].join('\n');
    const r = runImporter(straceImporter, text);
    expect(r.events.map((e) => e.op)).toEqual(['execve']);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errors[0]?.reason).toMatch(/not strace output/);
    expect(r.errors[2]?.reason).toMatch(/never resumed/);
  });

  it('reads the `???` strace prints for a call of a thread that was going away, and group stops', () => {
    const text = [
      '27404 1796223578.860000 execve("/usr/sbin/runc", ["runc", "start", "abc"], 0x1 /* 1 vars */) = 0',
      '27410 1796223578.861266 ???( <unfinished ...>',
      '27404 1796223578.861300 sethostname("abc", 3) = 0',
      '27410 1796223578.861358 <... ??? resumed>) = ?',
      '27404 1796223578.861390 --- stopped by SIGSTOP ---',
      '27411 1796223578.861400 ???( <unfinished ...>',
    ].join('\n');
    const r = runImporter(straceImporter, text);
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.op)).toEqual(['execve', 'sethostname']);
  });

  it('detects strace output, not other text', () => {
    expect(straceImporter.detect(fixture('runc.create.strace-ttt.txt').slice(0, 65536), 'x.txt', new Uint8Array())).toBeGreaterThan(0.5);
    expect(straceImporter.detect(fixture('ctr-events.cri.txt'), 'x.txt', new Uint8Array())).toBe(0);
  });
});
