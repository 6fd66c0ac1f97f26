import { describe, expect, it } from 'vitest';
import { flagBool, flagValue, insecureOptions, isCliError, kvFlags, parseApps, parseRktArgv, parseVolumeFlag, type AppArgs, type RktCommand } from './cli.ts';

const APP = { RKT_EXPERIMENT_APP: 'true' };

function cmd(argv: string[], env: Record<string, string> = {}): RktCommand {
  const c = parseRktArgv(argv, env);
  if (isCliError(c)) throw new Error(c.error);
  return c;
}

describe("rkt's command line (rkt/*.go, cobra and pflag)", () => {
  it('finds subcommands with flags before or after them, as rktlet passes its global flags (rktlet/cli/cli.go Command)', () => {
    const c = cmd(['app', '--debug=false', '--dir=/var/lib/rktlet/data', '--insecure-options=image,ondisk', 'sandbox', '--uuid-file-save=/tmp/x'], APP);
    expect(c.path).toEqual(['app', 'sandbox']);
    expect(flagValue(c, 'dir')).toBe('/var/lib/rktlet/data');
    expect(flagValue(c, 'uuid-file-save')).toBe('/tmp/x');
    expect([...insecureOptions(c)]).toEqual(['image', 'ondisk']);
  });

  it('has `rkt app` only with RKT_EXPERIMENT_APP=true (rkt/app.go)', () => {
    expect(parseRktArgv(['app', 'sandbox'])).toEqual({ error: 'Error: unknown command "app" for "rkt"\nRun \'rkt --help\' for usage.\n', exitCode: 254 });
    expect(cmd(['app', 'sandbox'], APP).path).toEqual(['app', 'sandbox']);
  });

  it('matches unique command prefixes (cobra.EnablePrefixMatching in rkt/rkt.go)', () => {
    expect(cmd(['li']).path).toEqual(['list']);
    expect(isCliError(parseRktArgv(['st']))).toBe(true);
  });

  it('stops parsing flags at the first argument of run, fetch and app add (SetInterspersed(false))', () => {
    const c = cmd(['app', 'add', 'c77b3f3b', 'docker://redis:4.0.6', '--name=0-redis', '--', 'redis-server', '---'], APP);
    expect(c.args).toEqual(['c77b3f3b', 'docker://redis:4.0.6', '--name=0-redis', '--', 'redis-server', '---']);
    expect(parseApps(c.args.slice(1))).toEqual([{ image: 'docker://redis:4.0.6', flags: { name: ['0-redis'] }, args: ['redis-server'] }]);
    const run = cmd(['run', '--insecure-options=image', 'docker://redis:4.0.6', 'coreos.com/etcd:v3.1.7']);
    expect((parseApps(run.args) as AppArgs[]).map((a) => a.image)).toEqual(['docker://redis:4.0.6', 'coreos.com/etcd:v3.1.7']);
  });

  it('answers unknown flags and missing values with pflag\'s words, exit 254 (rkt/main.go)', () => {
    expect(parseRktArgv(['list', '--bogus'])).toEqual({ error: 'Error: unknown flag: --bogus\n', exitCode: 254 });
    expect(parseRktArgv(['status', '--format'])).toEqual({ error: 'Error: flag needs an argument: --format\n', exitCode: 254 });
    expect(flagBool(cmd(['stop', '--force=false', 'x']), 'force')).toBe(false);
    expect(flagBool(cmd(['stop', '--force', 'x']), 'force')).toBe(true);
  });

  it('reads key=value and volume flags', () => {
    expect(kvFlags(['a=1', 'k8s.io/reserved/pod-uid=x=y'])).toEqual({ a: '1', 'k8s.io/reserved/pod-uid': 'x=y' });
    expect(parseVolumeFlag('data-dir,kind=host,source=/mnt/etcd-data', false)).toEqual({ name: 'data-dir', kind: 'host', source: '/mnt/etcd-data' });
    expect(parseVolumeFlag('name=v1,kind=host,source=/a,target=/b,readOnly=true', true)).toEqual({ name: 'v1', kind: 'host', source: '/a', target: '/b', readOnly: true });
  });
});
