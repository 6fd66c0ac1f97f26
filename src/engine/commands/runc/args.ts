/**
 * The command line of `runc` (1.1.5, main.go + urfave/cli v1) and `crun` (1.8.1, src/crun.c with
 * argp) as typed on a node: global flags first, then the subcommand and its flags. Only what
 * the node's shell simulates is parsed here: `list` and `state`; the other subcommands change
 * containers behind containerd's back and are refused as not simulated.
 */
import type { OciRuntimeFlavour } from '../../../domain/oci/lifecycle.ts';

/** runc's default --root for root (main.go: `root = "/run/runc"`); crun's is /run/crun. */
export const RUNC_DEFAULT_ROOT = '/run/runc';
export const CRUN_DEFAULT_ROOT = '/run/crun';

export type OciShellCommand =
  | { verb: 'list'; root: string; format: string; quiet: boolean }
  | { verb: 'state'; root: string; id: string };

/** A refusal: what the runtime prints, or a line saying what is not simulated. */
export interface OciArgsError {
  exitCode: number;
  /** The message, without the runtime's error framing (the caller adds runc's logrus line). */
  error: string;
  /** urfave/cli's "Incorrect Usage" on stdout (runc). */
  stdout?: string;
  /** Already framed (crun's glibc `error()` lines, the simulator's own refusals). */
  framed?: boolean;
}

/** Global flags that take a value (runc main.go; crun.c accepts the same spellings). */
const GLOBAL_WITH_VALUE = new Set(['root', 'log', 'log-format', 'criu']);
const GLOBAL_BOOL = new Set(['debug', 'systemd-cgroup', 'rootless', 'help', 'h', 'version', 'v']);

/** `--name=value`, `--name value`, `-name value` (Go's flag package takes one or two dashes). */
function flagName(word: string): { name: string; value?: string } | undefined {
  const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(word);
  if (!m) return undefined;
  return m[2] !== undefined ? { name: m[1] as string, value: m[2] } : { name: m[1] as string };
}

export function isOciArgsError(v: OciShellCommand | OciArgsError): v is OciArgsError {
  return 'error' in v;
}

/** Parses argv (without the program's name) for `flavour`. */
export function parseOciArgs(flavour: OciRuntimeFlavour, argv: readonly string[]): OciShellCommand | OciArgsError {
  let root = flavour === 'crun' ? CRUN_DEFAULT_ROOT : RUNC_DEFAULT_ROOT;
  let i = 0;
  for (; i < argv.length; i++) {
    const f = flagName(argv[i] as string);
    if (!f) break;
    if (GLOBAL_WITH_VALUE.has(f.name)) {
      const value = f.value ?? argv[++i];
      if (value === undefined) return flavour === 'crun' ? argpError(`option '--${f.name}' requires an argument`) : { exitCode: 1, error: `flag needs an argument: -${f.name}`, stdout: `Incorrect Usage: flag needs an argument: -${f.name}\n\n` };
      if (f.name === 'root') root = value;
      continue;
    }
    if (GLOBAL_BOOL.has(f.name)) {
      if (['help', 'h', 'version', 'v'].includes(f.name)) return notSimulated(flavour, `${flavour} --${f.name}`);
      continue;
    }
    return flavour === 'crun' ? argpError(`unrecognized option '${argv[i] as string}'`) : { exitCode: 1, error: `flag provided but not defined: -${f.name}`, stdout: `Incorrect Usage: flag provided but not defined: -${f.name}\n\n` };
  }
  const verb = argv[i];
  const rest = argv.slice(i + 1);
  if (verb === undefined) return flavour === 'crun' ? { exitCode: 1, error: 'crun: please specify a command', framed: true } : notSimulated(flavour, 'runc without a command (its help)');
  if (verb === 'list') return parseList(flavour, root, rest);
  if (verb === 'state') return parseState(flavour, root, rest);
  return notSimulated(flavour, `${flavour} ${verb}`);
}

function notSimulated(flavour: OciRuntimeFlavour, what: string): OciArgsError {
  return { exitCode: 1, error: `${what}: not simulated yet on the node's shell in this release of kube-anatomy (simulated: ${flavour} list, ${flavour} state)`, framed: true };
}

/** list.go: --format/-f table|json (default table), --quiet/-q; no arguments. crun's list.c has the same flags. */
function parseList(flavour: OciRuntimeFlavour, root: string, words: readonly string[]): OciShellCommand | OciArgsError {
  let format = 'table';
  let quiet = false;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const f = flagName(w);
    if (!f || args.length > 0) {
      args.push(w);
      continue;
    }
    if (f.name === 'format' || f.name === 'f') {
      const value = f.value ?? words[++i];
      if (value === undefined) return usage(flavour, `flag needs an argument: -${f.name}`);
      format = value;
    } else if (f.name === 'quiet' || f.name === 'q') {
      quiet = f.value === undefined || f.value === 'true';
    } else {
      return flavour === 'crun' ? argpError(`unrecognized option '${w}'`) : usage(flavour, `flag provided but not defined: -${f.name}`);
    }
  }
  // utils.go checkArgs(context, 0, exactArgs).
  if (args.length > 0) return flavour === 'crun' ? { exitCode: 1, error: 'crun: `list` requires a maximum of 0 arguments', framed: true } : { exitCode: 1, error: 'runc: "list" requires exactly 0 argument(s)', stdout: 'Incorrect Usage.\n\n' };
  return { verb: 'list', root, format, quiet };
}

/** state.go: checkArgs(context, 1, exactArgs); crun's state.c: crun_assert_n_args(n, 1, 1). */
function parseState(flavour: OciRuntimeFlavour, root: string, words: readonly string[]): OciShellCommand | OciArgsError {
  const args = words.filter((w) => !flagName(w));
  const flag = words.find((w) => flagName(w));
  if (flag) return flavour === 'crun' ? argpError(`unrecognized option '${flag}'`) : usage(flavour, `flag provided but not defined: -${flagName(flag)?.name ?? ''}`);
  if (args.length !== 1) {
    if (flavour === 'crun') return { exitCode: 1, error: args.length < 1 ? 'crun: `state` requires a minimum of 1 arguments' : 'crun: `state` requires a maximum of 1 arguments', framed: true };
    return { exitCode: 1, error: 'runc: "state" requires exactly 1 argument(s)', stdout: 'Incorrect Usage.\n\n' };
  }
  return { verb: 'state', root, id: args[0] as string };
}

function usage(flavour: OciRuntimeFlavour, error: string): OciArgsError {
  return flavour === 'crun' ? argpError(error) : { exitCode: 1, error, stdout: `Incorrect Usage: ${error}\n\n` };
}

/** glibc argp's refusal of an option (argp-parse.c): the message, the Try line, exit EX_USAGE (64). */
function argpError(message: string): OciArgsError {
  return { exitCode: 64, error: `crun: ${message}\nTry \`crun --help' or \`crun --usage' for more information.`, framed: true };
}
