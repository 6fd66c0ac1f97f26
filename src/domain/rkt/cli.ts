/**
 * rkt's command line (rkt/*.go: cobra commands with pflag flags; v1.30.0): which subcommands
 * exist, their flags, and cobra's behaviour rkt relies on: flags may come before or after the
 * subcommand names, prefix matching of command names (`cobra.EnablePrefixMatching = true` in
 * rkt/rkt.go), and commands that stop parsing flags at the first argument (SetInterspersed(false)
 * in run.go, fetch.go, app_add.go) so the rest is parsed per app (rkt/cli_apps.go parseApps).
 *
 * `rkt app` exists only with RKT_EXPERIMENT_APP=true in the environment (rkt/app.go,
 * common.IsExperimentEnabled).
 */

type FlagType = 'bool' | 'string' | 'optbool';

interface CommandSpec {
  flags: Record<string, FlagType>;
  interspersed?: boolean;
  children?: Record<string, CommandSpec>;
}

/** Persistent flags of the root command (rkt/rkt.go init). */
const GLOBAL: Record<string, FlagType> = {
  debug: 'bool',
  dir: 'string',
  'system-config': 'string',
  'local-config': 'string',
  'user-config': 'string',
  'insecure-options': 'string',
  'trust-keys-from-https': 'bool',
};

const STAGE1: Record<string, FlagType> = { 'stage1-name': 'string', 'stage1-url': 'string', 'stage1-path': 'string', 'stage1-hash': 'string', 'stage1-from-dir': 'string' };
const POD_NET: Record<string, FlagType> = { net: 'string', dns: 'string', 'dns-search': 'string', 'dns-opt': 'string', 'dns-domain': 'string', 'hosts-entry': 'string', hostname: 'string', 'no-overlay': 'bool' };
const FORMAT: Record<string, FlagType> = { format: 'string' };

const TREE: CommandSpec = {
  flags: {},
  children: {
    list: { flags: { 'no-legend': 'bool', full: 'bool', ...FORMAT } },
    status: { flags: { wait: 'optbool', 'wait-ready': 'optbool', ...FORMAT } },
    'cat-manifest': { flags: { 'pretty-print': 'bool', 'uuid-file': 'string' } },
    fetch: { flags: { signature: 'string', full: 'bool', 'pull-policy': 'string', 'store-only': 'bool', 'no-store': 'bool' }, interspersed: false },
    trust: { flags: { prefix: 'string', root: 'bool', 'skip-fingerprint-review': 'bool', 'insecure-allow-http': 'bool' } },
    run: {
      flags: { ...STAGE1, ...POD_NET, volume: 'string', interactive: 'bool', 'uuid-file-save': 'string', 'pull-policy': 'string', 'inherit-env': 'bool', 'set-env': 'string', 'mds-register': 'bool', port: 'string', 'user-annotation': 'string', 'user-label': 'string' },
      interspersed: false,
    },
    stop: { flags: { force: 'bool', 'uuid-file': 'string' } },
    rm: { flags: { 'uuid-file': 'string' } },
    gc: { flags: { 'grace-period': 'string', 'expire-prepared': 'string', 'mark-only': 'bool' } },
    enter: { flags: { app: 'string' }, interspersed: false },
    image: {
      flags: {},
      children: {
        list: { flags: { 'no-legend': 'bool', full: 'bool', fields: 'string', sort: 'string', order: 'string', ...FORMAT } },
        fetch: { flags: { signature: 'string', full: 'bool', 'pull-policy': 'string' }, interspersed: false },
        'cat-manifest': { flags: { 'pretty-print': 'bool' } },
        rm: { flags: {} },
      },
    },
    app: {
      flags: {},
      children: {
        sandbox: { flags: { ...STAGE1, ...POD_NET, 'uuid-file-save': 'string', port: 'string', 'user-annotation': 'string', 'user-label': 'string' } },
        add: { flags: {}, interspersed: false },
        start: { flags: { app: 'string' } },
        stop: { flags: { app: 'string' } },
        rm: { flags: { app: 'string' } },
        list: { flags: { 'no-legend': 'bool' } },
        status: { flags: { app: 'string', ...FORMAT } },
      },
    },
  },
};

/** A parsed rkt command line. Repeated flags keep every value (StringSlice-like flags such as --user-annotation). */
export interface RktCommand {
  /** `['app', 'add']`, `['list']`. */
  path: string[];
  flags: Record<string, string[]>;
  args: string[];
}

export interface RktCliError {
  error: string;
  exitCode: number;
}

export function isCliError(x: RktCommand | RktCliError): x is RktCliError {
  return 'error' in x;
}

/** The last value of a flag (pflag keeps the last for a plain string flag). */
export function flagValue(c: RktCommand, name: string): string | undefined {
  const v = c.flags[name];
  return v ? v[v.length - 1] : undefined;
}

/** A bool flag's value: `--force`, `--force=true`, `--force=false`. */
export function flagBool(c: RktCommand, name: string): boolean {
  const v = flagValue(c, name);
  return v !== undefined && v !== 'false' && v !== '0';
}

function findChild(spec: CommandSpec, word: string): string | undefined {
  const names = Object.keys(spec.children ?? {});
  if (names.includes(word)) return word;
  const matches = names.filter((n) => n.startsWith(word));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Parses `argv` (without the program name). `env` is the process environment: without
 * RKT_EXPERIMENT_APP=true the `app` command does not exist.
 */
export function parseRktArgv(argv: readonly string[], env: Readonly<Record<string, string>> = {}): RktCommand | RktCliError {
  const appEnabled = ['true', '1'].includes((env['RKT_EXPERIMENT_APP'] ?? '').toLowerCase());
  const path: string[] = [];
  let spec = TREE;
  const rest: string[] = [];
  // Find the command the way cobra's Find does: flags are skipped, words walk the tree.
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] as string;
    if (tok.startsWith('-') && spec.children) {
      rest.push(tok);
      const name = tok.replace(/^-+/, '').split('=')[0] as string;
      const type = GLOBAL[name];
      if (type === 'string' && !tok.includes('=') && i + 1 < argv.length) rest.push(argv[++i] as string);
      continue;
    }
    if (spec.children) {
      const child = findChild(spec, tok);
      if (!child || (child === 'app' && path.length === 0 && !appEnabled)) {
        const where = path.length === 0 ? 'rkt' : `rkt ${path.join(' ')}`;
        return { error: `Error: unknown command ${JSON.stringify(tok)} for ${JSON.stringify(where)}\nRun '${where} --help' for usage.\n`, exitCode: 254 };
      }
      path.push(child);
      spec = spec.children[child] as CommandSpec;
      continue;
    }
    rest.push(...argv.slice(i));
    break;
  }
  if (spec.children) {
    if (path.length === 0) return { error: 'rkt: missing command\n', exitCode: 2 };
    return { error: `Error: rkt ${path.join(' ')} needs a subcommand (${Object.keys(spec.children).join(', ')})\n`, exitCode: 254 };
  }
  const known = { ...GLOBAL, ...spec.flags };
  const flags: Record<string, string[]> = {};
  const args: string[] = [];
  const interspersed = spec.interspersed !== false;
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i] as string;
    if (tok === '--' && interspersed) {
      args.push(...rest.slice(i + 1));
      break;
    }
    if (!tok.startsWith('--') || tok === '--' || (!interspersed && args.length > 0)) {
      if (tok.startsWith('-') && !tok.startsWith('--') && tok.length > 1 && interspersed) return { error: `Error: unknown shorthand flag: '${tok[1]}' in ${tok}\n`, exitCode: 254 };
      args.push(tok);
      if (!interspersed) {
        args.push(...rest.slice(i + 1));
        break;
      }
      continue;
    }
    const eq = tok.indexOf('=');
    const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
    const type = known[name];
    if (!type) return { error: `Error: unknown flag: --${name}\n`, exitCode: 254 };
    let value: string;
    if (eq >= 0) value = tok.slice(eq + 1);
    else if (type === 'bool' || type === 'optbool') value = 'true';
    else {
      const next = rest[i + 1];
      if (next === undefined) return { error: `Error: flag needs an argument: --${name}\n`, exitCode: 254 };
      value = next;
      i++;
    }
    (flags[name] ??= []).push(value);
  }
  return { path, flags, args };
}

/** One app of `rkt run IMAGE… ` / `rkt app add UUID IMAGE …` after parseApps (rkt/cli_apps.go). */
export interface AppArgs {
  image: string;
  flags: Record<string, string[]>;
  /** Arguments between `--` and `---`. */
  args?: string[];
}

/** Per-app flags parseApps accepts (cli_apps.go, the ones rktlet and the talk use). */
const APP_FLAGS = new Set(['name', 'exec', 'user-annotation', 'user-label', 'environment', 'mnt-volume', 'mount', 'working-dir', 'cpu', 'memory', 'cpu-shares', 'oom-score-adj', 'caps-retain', 'caps-remove', 'seccomp', 'user', 'group', 'supplementary-gids', 'readonly-rootfs', 'signature', 'stdin', 'stdout', 'stderr']);

/** Splits `IMAGE [--name=…] [-- args ---] IMAGE …` into apps. */
export function parseApps(args: readonly string[]): AppArgs[] | { error: string } {
  const apps: AppArgs[] = [];
  let cur: AppArgs | undefined;
  for (let i = 0; i < args.length; i++) {
    const tok = args[i] as string;
    if (tok === '--' && cur) {
      const end = args.indexOf('---', i + 1);
      cur.args = [...args.slice(i + 1, end < 0 ? undefined : end)];
      i = end < 0 ? args.length : end;
      continue;
    }
    if (tok.startsWith('--') && cur) {
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      if (!APP_FLAGS.has(name)) return { error: `unknown flag: --${name}` };
      let value = eq < 0 ? args[i + 1] : tok.slice(eq + 1);
      if (eq < 0) i++;
      if (value === undefined) value = '';
      (cur.flags[name] ??= []).push(value);
      continue;
    }
    cur = { image: tok, flags: {} };
    apps.push(cur);
  }
  return apps;
}

/** `key=value` flags (--user-annotation, --user-label, --environment) into a map. */
export function kvFlags(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i > 0) out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** `--volume NAME,kind=host,source=PATH[,readOnly=true]` and `--mnt-volume=name=…,kind=…,source=…,target=…`. */
export function parseVolumeFlag(v: string, named: boolean): { name: string; kind: string; source?: string; target?: string; readOnly?: boolean } {
  const parts = v.split(',');
  const out: Record<string, string> = {};
  let name = '';
  parts.forEach((p, i) => {
    const eq = p.indexOf('=');
    if (!named && i === 0 && eq < 0) name = p;
    else if (eq > 0) out[p.slice(0, eq)] = p.slice(eq + 1);
  });
  if (named) name = out['name'] ?? '';
  return { name, kind: out['kind'] ?? 'host', ...(out['source'] !== undefined ? { source: out['source'] } : {}), ...(out['target'] !== undefined ? { target: out['target'] } : {}), ...(out['readOnly'] !== undefined ? { readOnly: out['readOnly'] === 'true' } : {}) };
}

/**
 * rkt/flag/secflags.go: `--insecure-options` is a comma list of image, tls, ondisk, http,
 * pubkey, capabilities, paths, seccomp, run; `all-fetch` and `all-run` group them, `all` is everything.
 */
export function insecureOptions(c: RktCommand): Set<string> {
  const out = new Set<string>();
  for (const v of c.flags['insecure-options'] ?? []) {
    for (const o of v.split(',')) {
      if (o === 'all') ['image', 'tls', 'ondisk', 'http', 'pubkey', 'capabilities', 'paths', 'seccomp', 'run'].forEach((x) => out.add(x));
      else if (o === 'all-fetch') ['image', 'tls', 'http', 'pubkey'].forEach((x) => out.add(x));
      else if (o === 'all-run') ['capabilities', 'paths', 'seccomp', 'run'].forEach((x) => out.add(x));
      else if (o) out.add(o);
    }
  }
  return out;
}
