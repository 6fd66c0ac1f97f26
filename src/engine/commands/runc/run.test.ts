import { describe, expect, it } from 'vitest';
import { runOciShell } from './run.ts';
import { parseOciArgs } from './args.ts';
import type { StateDirEntry } from './print.ts';

const T = 1_767_258_001_062_000;
const ROOT = '/run/containerd/runc/k8s.io';
const one: StateDirEntry = { id: 'c1', status: 'running', pid: 4103, bundle: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/c1`, createdUnixMicros: T, annotations: {} };
/** A host where only the CRI plugin's root holds containers (containerd passes --root /run/containerd/runc/k8s.io). */
const ctx = { stateDirectory: (root: string) => (root === ROOT ? [one] : []), unixMicros: T, tty: false };

describe('runc global flags and subcommands (runc 1.1.5 main.go, urfave/cli v1; crun 1.8.1 src/crun.c, argp)', () => {
  it('takes --root in both spellings, before the subcommand; the default roots are /run/runc and /run/crun', () => {
    expect(parseOciArgs('runc', ['--root', ROOT, 'list'])).toEqual({ verb: 'list', root: ROOT, format: 'table', quiet: false });
    expect(parseOciArgs('runc', [`--root=${ROOT}`, '--systemd-cgroup', 'list', '-f', 'json', '-q'])).toEqual({ verb: 'list', root: ROOT, format: 'json', quiet: true });
    expect(parseOciArgs('runc', ['list'])).toMatchObject({ root: '/run/runc' });
    expect(parseOciArgs('crun', ['state', 'x'])).toEqual({ verb: 'state', root: '/run/crun', id: 'x' });
  });

  it('refuses a wrong number of arguments as checkArgs and crun_assert_n_args do', () => {
    expect(parseOciArgs('runc', ['state'])).toMatchObject({ exitCode: 1, error: 'runc: "state" requires exactly 1 argument(s)', stdout: 'Incorrect Usage.\n\n' });
    expect(parseOciArgs('runc', ['list', 'x'])).toMatchObject({ error: 'runc: "list" requires exactly 0 argument(s)' });
    expect(parseOciArgs('crun', ['state'])).toMatchObject({ exitCode: 1, error: 'crun: `state` requires a minimum of 1 arguments' });
  });

  it('refuses unknown flags as Go flag and glibc argp do, and the subcommands it does not simulate', () => {
    expect(parseOciArgs('runc', ['list', '--bogus'])).toMatchObject({ exitCode: 1, error: 'flag provided but not defined: -bogus' });
    expect(parseOciArgs('crun', ['--bogus', 'list'])).toMatchObject({ exitCode: 64, error: "crun: unrecognized option '--bogus'\nTry `crun --help' or `crun --usage' for more information." });
    expect(parseOciArgs('runc', ['kill', 'c1'])).toMatchObject({ exitCode: 1, framed: true });
  });
});

describe('runc / crun in a node shell (runc list.go, state.go; libcontainer ErrNotExist; crun status.c)', () => {
  it('lists the containers of the --root given, and nothing under the default root', () => {
    expect(runOciShell('runc', ['list', '-q'], ctx).stdout).toBe('');
    expect(runOciShell('runc', ['--root', ROOT, 'list', '-q'], ctx)).toEqual({ exitCode: 0, stdout: 'c1\n', stderr: '' });
  });

  it('state of a missing container: runc\'s "container does not exist" through logrus, crun\'s status file error bare', () => {
    expect(runOciShell('runc', ['state', 'c1'], ctx)).toEqual({ exitCode: 1, stdout: '', stderr: 'time="2026-01-01T09:00:01Z" level=error msg="container does not exist"\n' });
    expect(runOciShell('crun', ['state', 'c1'], ctx)).toEqual({ exitCode: 1, stdout: '', stderr: 'error opening file `/run/crun/c1/status`: No such file or directory\n' });
    expect(runOciShell('crun', ['--root', ROOT, 'state', 'c1'], ctx)).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('    "id": "c1",') });
  });

  it('prints the usage error on stdout and the error on stderr (urfave/cli, then fatal)', () => {
    expect(runOciShell('runc', ['state'], ctx)).toEqual({ exitCode: 1, stdout: 'Incorrect Usage.\n\n', stderr: 'time="2026-01-01T09:00:01Z" level=error msg="runc: \\"state\\" requires exactly 1 argument(s)"\n' });
  });
});
