/**
 * crictl's command line (cri-tools v1.34 cmd/crictl: main.go, sandbox.go, container.go,
 * image.go, version.go, info.go, imagefsinfo.go, container_stats.go, pod_stats.go, exec.go), for the
 * subcommands simulated: pods, ps, images, inspectp, inspect, version, info, imagefsinfo, rmi,
 * stats, statsp, exec, update. urfave/cli v2
 * parses each command's flags with Go's flag package: flags come before the arguments (the
 * first non-flag word ends them, `--` too), `-o json`, `-o=json` and `--output json` are the
 * same, and with UseShortOptionHandling `-aq` is `-a -q`.
 */

export type CrictlVerb = 'pods' | 'ps' | 'images' | 'inspectp' | 'inspect' | 'version' | 'info' | 'imagefsinfo' | 'rmi' | 'stats' | 'statsp' | 'exec' | 'update';

export interface CrictlCommand {
  verb: CrictlVerb;
  /** The runtime endpoint (--runtime-endpoint / -r); crictl's default is containerd's socket. */
  endpoint: string;
  flags: Record<string, string | boolean | string[]>;
  args: string[];
}

export interface CrictlArgsError {
  error: string;
  exitCode: number;
}

export const DEFAULT_ENDPOINT = 'unix:///run/containerd/containerd.sock';

interface FlagDef {
  name: string;
  aliases?: string[];
  kind: 'bool' | 'string' | 'int' | 'strings';
}

const OUTPUT: FlagDef = { name: 'output', aliases: ['o'], kind: 'string' };
const QUIET: FlagDef = { name: 'quiet', aliases: ['q'], kind: 'bool' };
const NAME: FlagDef = { name: 'name', kind: 'string' };
const NAMESPACE: FlagDef = { name: 'namespace', kind: 'string' };
const STATE: FlagDef = { name: 'state', aliases: ['s'], kind: 'string' };
const LABEL: FlagDef = { name: 'label', kind: 'strings' };
const LATEST: FlagDef = { name: 'latest', aliases: ['l'], kind: 'bool' };
const LAST: FlagDef = { name: 'last', aliases: ['n'], kind: 'int' };
const NO_TRUNC: FlagDef = { name: 'no-trunc', kind: 'bool' };
const VERBOSE: FlagDef = { name: 'verbose', aliases: ['v'], kind: 'bool' };
const TEMPLATE: FlagDef = { name: 'template', kind: 'string' };
const SECONDS: FlagDef = { name: 'seconds', aliases: ['s'], kind: 'int' };
const WATCH: FlagDef = { name: 'watch', aliases: ['w'], kind: 'bool' };

/** The flags of each simulated subcommand, as cmd/crictl declares them. */
const COMMAND_FLAGS: Record<CrictlVerb, FlagDef[]> = {
  pods: [{ name: 'id', kind: 'string' }, NAME, NAMESPACE, STATE, LABEL, VERBOSE, QUIET, OUTPUT, LATEST, LAST, NO_TRUNC],
  ps: [
    { name: 'all', aliases: ['a'], kind: 'bool' },
    { name: 'id', kind: 'string' },
    { name: 'pod', aliases: ['p'], kind: 'string' },
    NAME,
    NAMESPACE,
    STATE,
    LABEL,
    VERBOSE,
    QUIET,
    OUTPUT,
    LATEST,
    LAST,
    NO_TRUNC,
  ],
  images: [VERBOSE, QUIET, OUTPUT, { name: 'digests', kind: 'bool' }, NO_TRUNC, { name: 'pinned', kind: 'bool' }],
  inspectp: [OUTPUT, QUIET, NAME, NAMESPACE, STATE, LABEL, LATEST, LAST],
  inspect: [OUTPUT, QUIET, NAME, { name: 'pod', aliases: ['p'], kind: 'string' }, NAMESPACE, STATE, LABEL, LATEST, LAST, { name: 'all', aliases: ['a'], kind: 'bool' }],
  // version.go, info.go, imagefsinfo.go, image.go removeImageCommand, container_stats.go,
  // pod_stats.go, exec.go, container.go updateContainerCommand.
  version: [],
  info: [OUTPUT, QUIET, TEMPLATE],
  imagefsinfo: [OUTPUT, TEMPLATE],
  rmi: [{ name: 'all', aliases: ['a'], kind: 'bool' }, { name: 'prune', aliases: ['q'], kind: 'bool' }],
  stats: [{ name: 'all', aliases: ['a'], kind: 'bool' }, { name: 'id', kind: 'string' }, { name: 'pod', aliases: ['p'], kind: 'string' }, LABEL, OUTPUT, SECONDS, WATCH],
  statsp: [{ name: 'id', kind: 'string' }, LABEL, OUTPUT, SECONDS, WATCH],
  exec: [{ name: 'sync', aliases: ['s'], kind: 'bool' }, { name: 'timeout', kind: 'int' }, { name: 'tty', aliases: ['t'], kind: 'bool' }, { name: 'interactive', aliases: ['i'], kind: 'bool' }],
  update: [
    { name: 'cpu-count', kind: 'int' },
    { name: 'cpu-maximum', kind: 'int' },
    { name: 'cpu-period', kind: 'int' },
    { name: 'cpu-quota', kind: 'int' },
    { name: 'cpu-share', kind: 'int' },
    { name: 'cpuset-cpus', kind: 'string' },
    { name: 'cpuset-mems', kind: 'string' },
    { name: 'memory', kind: 'string' },
  ],
};

/** crictl's other commands: known to crictl, not simulated in this release. */
const OTHER_COMMANDS = ['attach', 'create', 'inspecti', 'logs', 'port-forward', 'pull', 'run', 'runp', 'rm', 'rmp', 'start', 'metricsp', 'metricdescs', 'stop', 'stopp', 'config', 'checkpoint', 'events', 'update-runtime-config', 'completion', 'help'];

/** The subcommands simulated, for the messages about the others. */
const SIMULATED = 'pods, ps, images, inspectp, inspect, version, info, imagefsinfo, rmi, stats, statsp, exec, update';

/** FATA[0000] is how logrus writes crictl's fatal errors on a terminal (main.go: logrus.Fatal(err)). */
export function fatal(message: string): string {
  return `FATA[0000] ${message}\n`;
}

export function isCrictlArgsError(v: CrictlCommand | CrictlArgsError): v is CrictlArgsError {
  return 'error' in v;
}

/** Parses `crictl …` (argv without `crictl`). */
export function parseCrictlArgs(argv: readonly string[]): CrictlCommand | CrictlArgsError {
  let endpoint = DEFAULT_ENDPOINT;
  let i = 0;
  // Global options (main.go app.Flags) before the command.
  for (; i < argv.length; i++) {
    const w = argv[i] as string;
    const m = /^--?(runtime-endpoint|r|image-endpoint|i|timeout|t|config|c)(?:=(.*))?$/.exec(w);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (value === undefined) return { error: fatal(`flag needs an argument: ${w}`), exitCode: 1 };
      if (m[1] === 'runtime-endpoint' || m[1] === 'r') endpoint = value;
      continue;
    }
    if (/^--?(debug|D)$/.test(w)) continue;
    break;
  }
  const verb = argv[i];
  if (verb === undefined) return { error: `crictl: a command is needed (simulated: ${SIMULATED})\n`, exitCode: 1 };
  const name = verb === 'img' || verb === 'image' ? 'images' : verb;
  if (!(name in COMMAND_FLAGS)) {
    if (OTHER_COMMANDS.includes(name)) return { error: `crictl ${verb}: not simulated yet in this release of kube-anatomy (simulated: ${SIMULATED})\n`, exitCode: 1 };
    // urfave/cli v2 (help.go): an unknown command is shown as "No help topic for …", exit 3.
    return { error: fatal(`No help topic for '${verb}'`), exitCode: 3 };
  }
  const defs = COMMAND_FLAGS[name as CrictlVerb];
  const flags: Record<string, string | boolean | string[]> = {};
  const args: string[] = [];
  const lookup = (n: string): FlagDef | undefined => defs.find((d) => d.name === n || d.aliases?.includes(n));
  let j = i + 1;
  for (; j < argv.length; j++) {
    const w = argv[j] as string;
    if (w === '--') {
      j++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    const body = w.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const key = eq >= 0 ? body.slice(0, eq) : body;
    let def = lookup(key);
    // UseShortOptionHandling: -aq is -a -q when every letter is a bool flag.
    if (!def && !w.startsWith('--') && eq < 0 && key.length > 1 && [...key].every((c) => lookup(c)?.kind === 'bool')) {
      for (const c of key) flags[(lookup(c) as FlagDef).name] = true;
      continue;
    }
    if (!def) return { error: fatal(`flag provided but not defined: -${key}`), exitCode: 1 };
    if (def.kind === 'bool') {
      flags[def.name] = eq >= 0 ? body.slice(eq + 1) !== 'false' : true;
      continue;
    }
    const value = eq >= 0 ? body.slice(eq + 1) : argv[++j];
    if (value === undefined) return { error: fatal(`flag needs an argument: -${key}`), exitCode: 1 };
    if (def.kind === 'int' && !/^-?\d+$/.test(value)) return { error: fatal(`invalid value "${value}" for flag -${key}: parse error`), exitCode: 1 };
    if (def.kind === 'strings') flags[def.name] = [...((flags[def.name] as string[] | undefined) ?? []), value];
    else flags[def.name] = value;
    def = undefined;
  }
  args.push(...argv.slice(j));
  return { verb: name as CrictlVerb, endpoint, flags, args };
}
