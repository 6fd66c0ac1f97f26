import { prefixEnd, FROM_KEY } from '../../../domain/etcd/keys.ts';
import { isFlagError, parseFlags, type FlagSpec, type FlagValue } from '../kubectl/flags.ts';

/**
 * `etcdctl` (API v3, release 3.4) command lines: cobra's command lookup, pflag's flags, and the
 * argument checks and messages of etcdctl/ctlv3/command/*.go, with their exit codes
 * (pkg/cobrautl/error.go).
 */

export const EXIT = { success: 0, error: 1, badConnection: 2, invalidInput: 3, badFeature: 4, interrupted: 5, io: 6, badArgs: 128 } as const;

export type WriteOut = 'simple' | 'json' | 'table' | 'fields' | 'protobuf';

export interface Globals {
  writeOut: WriteOut;
  hex: boolean;
  /** --endpoints; absent when not given (the client then uses the scenario's etcd). */
  endpoints?: string[];
}

export interface RangeArgs {
  key: string;
  rangeEnd?: string;
}

export type EtcdctlCommand =
  | { cmd: 'put'; key: string; value: string | undefined; prevKv: boolean; lease: string }
  | { cmd: 'get'; range: RangeArgs; rev: number; keysOnly: boolean; countOnly: boolean; limit: number; printValueOnly: boolean; sortOrder: 'NONE' | 'ASCEND' | 'DESCEND'; sortTarget: 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' }
  | { cmd: 'del'; range: RangeArgs; prevKv: boolean }
  | { cmd: 'txn'; interactive: boolean }
  | { cmd: 'watch'; range: RangeArgs; rev: number; prevKv: boolean; progressNotify: boolean }
  | { cmd: 'compaction'; rev: number; physical: boolean }
  | { cmd: 'lease grant'; ttl: number }
  | { cmd: 'lease revoke'; id: string }
  | { cmd: 'lease timetolive'; id: string; keys: boolean }
  | { cmd: 'lease keep-alive'; id: string; once: boolean }
  | { cmd: 'endpoint status'; cluster: boolean }
  | { cmd: 'member list' }
  | { cmd: 'version' };

export interface ParsedEtcdctl {
  globals: Globals;
  command: EtcdctlCommand;
}

/** What etcdctl prints when it refuses a command line, and its exit code. */
export interface EtcdctlArgsError {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function isEtcdctlArgsError(x: ParsedEtcdctl | EtcdctlArgsError): x is EtcdctlArgsError {
  return 'exitCode' in x;
}

const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'endpoints', kind: 'stringSlice' },
  { name: 'write-out', shorthand: 'w', kind: 'string' },
  { name: 'hex', kind: 'bool' },
  { name: 'debug', kind: 'bool' },
  { name: 'dial-timeout', kind: 'duration' },
  { name: 'command-timeout', kind: 'duration' },
  { name: 'keepalive-time', kind: 'duration' },
  { name: 'keepalive-timeout', kind: 'duration' },
  { name: 'insecure-transport', kind: 'bool' },
  { name: 'insecure-skip-tls-verify', kind: 'bool' },
  { name: 'insecure-discovery', kind: 'bool' },
  { name: 'cacert', kind: 'string' },
  { name: 'cert', kind: 'string' },
  { name: 'key', kind: 'string' },
  { name: 'user', kind: 'string' },
  { name: 'password', kind: 'string' },
  { name: 'discovery-srv', shorthand: 'd', kind: 'string' },
  { name: 'discovery-srv-name', kind: 'string' },
  { name: 'help', shorthand: 'h', kind: 'bool' },
];

const bool = (name: string, shorthand?: string): FlagSpec => ({ name, kind: 'bool', ...(shorthand ? { shorthand } : {}) });
const int = (name: string): FlagSpec => ({ name, kind: 'int' });
const str = (name: string): FlagSpec => ({ name, kind: 'string' });

/** The flags of each command (etcdctl 3.4's command/*.go). */
const COMMAND_FLAGS: Record<string, FlagSpec[]> = {
  put: [bool('prev-kv'), str('lease'), bool('ignore-value'), bool('ignore-lease')],
  get: [str('consistency'), bool('from-key'), bool('keys-only'), bool('count-only'), int('limit'), str('order'), bool('prefix'), bool('print-value-only'), int('rev'), str('sort-by')],
  del: [bool('from-key'), bool('prefix'), bool('prev-kv')],
  txn: [bool('interactive', 'i')],
  watch: [bool('interactive', 'i'), bool('prefix'), int('rev'), bool('prev-kv'), bool('progress-notify')],
  compaction: [bool('physical')],
  'lease grant': [],
  'lease revoke': [],
  'lease timetolive': [bool('keys')],
  'lease keep-alive': [bool('once')],
  'lease list': [],
  'endpoint status': [bool('cluster')],
  'endpoint health': [bool('cluster')],
  'member list': [],
  version: [],
};

/** Commands with subcommands: given alone they print their help, as cobra does. */
const GROUPS: Record<string, string[]> = {
  lease: ['grant', 'revoke', 'timetolive', 'list', 'keep-alive'],
  endpoint: ['health', 'status', 'hashkv'],
  member: ['add', 'remove', 'update', 'list', 'promote'],
};

/** Commands etcdctl has that the simulator does not run (yet); named so a typo is still a typo. */
const KNOWN_NOT_SIMULATED = new Set(['snapshot', 'make-mirror', 'migrate', 'defrag', 'move-leader', 'alarm', 'auth', 'user', 'role', 'check', 'elect', 'lock', 'endpoint health', 'endpoint hashkv', 'lease list', 'member add', 'member remove', 'member update', 'member promote']);

const ALL_COMMANDS = ['put', 'get', 'del', 'txn', 'watch', 'compaction', 'lease', 'endpoint', 'member', 'version', ...KNOWN_NOT_SIMULATED];

/** Flags that take a value as the next word: needed to find the command words among flags. */
function takesValue(token: string): boolean {
  const all = [...GLOBAL_FLAGS, ...Object.values(COMMAND_FLAGS).flat()];
  if (token.startsWith('--')) {
    if (token.includes('=')) return false;
    const spec = all.find((s) => s.name === token.slice(2));
    return spec !== undefined && spec.kind !== 'bool';
  }
  if (token.length === 2) {
    const spec = all.find((s) => s.shorthand === token[1]);
    return spec !== undefined && spec.kind !== 'bool';
  }
  return false;
}

function argsError(exitCode: number, message: string): EtcdctlArgsError {
  return { exitCode, stdout: '', stderr: `Error: ${message}\n` };
}

/** cobra prints a flag error, then the command's usage (not reproduced here), then etcdctl prints it again. */
function flagError(message: string): EtcdctlArgsError {
  return { exitCode: EXIT.error, stdout: '', stderr: `Error: ${message}\n\nError: ${message}\n` };
}

/** Parses `etcdctl …` (argv without the tool name). */
export function parseEtcdctlArgs(argv: readonly string[]): ParsedEtcdctl | EtcdctlArgsError {
  const words: { index: number; word: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i] as string;
    if (t === '--') break;
    if (t.startsWith('-') && t.length > 1) {
      if (takesValue(t)) i++;
      continue;
    }
    words.push({ index: i, word: t });
  }
  const first = words[0]?.word;
  if (first === undefined) return { exitCode: 0, stdout: usage(), stderr: '' };
  if (!ALL_COMMANDS.includes(first)) {
    const message = `unknown command ${JSON.stringify(first)} for "etcdctl"`;
    return { exitCode: EXIT.error, stdout: '', stderr: `Error: ${message}\nRun 'etcdctl --help' for usage.\nError: ${message}\n` };
  }
  let name = first;
  let used = 1;
  const group = GROUPS[first];
  if (group) {
    const sub = words[1]?.word;
    if (sub === undefined || !group.includes(sub)) return { exitCode: 0, stdout: groupUsage(first, group), stderr: '' };
    name = `${first} ${sub}`;
    used = 2;
  }
  if (KNOWN_NOT_SIMULATED.has(name) || KNOWN_NOT_SIMULATED.has(first)) {
    return argsError(EXIT.badFeature, `"etcdctl ${name}" is not simulated yet in this release of kube-anatomy`);
  }
  const skip = new Set(words.slice(0, used).map((w) => w.index));
  const rest = argv.filter((_, i) => !skip.has(i));
  const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...(COMMAND_FLAGS[name] ?? [])]);
  if (isFlagError(parsed)) return flagError(parsed.flagError);
  const flags = parsed.values;
  const writeOut = String(flags.get('write-out') ?? 'simple');
  if (!['simple', 'json', 'table', 'fields', 'protobuf'].includes(writeOut)) return argsError(EXIT.badFeature, 'unsupported output format');
  const globals: Globals = {
    writeOut: writeOut as WriteOut,
    hex: flags.get('hex') === true,
    ...(flags.has('endpoints') ? { endpoints: flags.get('endpoints') as string[] } : {}),
  };
  const command = buildCommand(name, parsed.args, flags);
  if ('exitCode' in command) return command;
  return { globals, command };
}

function buildCommand(name: string, args: string[], flags: Map<string, FlagValue>): EtcdctlCommand | EtcdctlArgsError {
  const b = (n: string): boolean => flags.get(n) === true;
  const n = (n: string): number => (flags.get(n) as number | undefined) ?? 0;
  switch (name) {
    case 'put': {
      if (args.length === 0) return argsError(EXIT.badArgs, 'put command needs 1 argument and input from stdin or 2 arguments');
      const lease = parseLeaseId(String(flags.get('lease') ?? '0'));
      if (lease === undefined) return argsError(EXIT.badArgs, `bad lease ID (strconv.ParseInt: parsing ${JSON.stringify(String(flags.get('lease')))}: invalid syntax), expecting ID in Hex`);
      return { cmd: 'put', key: args[0] as string, value: args[1], prevKv: b('prev-kv'), lease };
    }
    case 'get': {
      if (args.length === 0 || args.length > 2) return argsError(EXIT.badArgs, 'get command needs one argument as key and an optional argument as range_end');
      const range = rangeOf(args, b('prefix'), b('from-key'));
      if ('exitCode' in range) return range;
      const order = String(flags.get('order') ?? '').toUpperCase();
      if (!['', 'ASCEND', 'DESCEND'].includes(order)) return argsError(EXIT.badFeature, `bad sort order ${String(flags.get('order'))}`);
      const target = String(flags.get('sort-by') ?? '').toUpperCase();
      if (!['', 'CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'].includes(target)) return argsError(EXIT.badFeature, `bad sort target ${String(flags.get('sort-by'))}`);
      return {
        cmd: 'get',
        range,
        rev: n('rev'),
        keysOnly: b('keys-only'),
        countOnly: b('count-only'),
        limit: n('limit'),
        printValueOnly: b('print-value-only'),
        sortOrder: order === '' ? 'NONE' : (order as 'ASCEND' | 'DESCEND'),
        sortTarget: target === '' ? 'KEY' : target === 'MODIFY' ? 'MOD' : (target as 'KEY' | 'VERSION' | 'CREATE' | 'VALUE'),
      };
    }
    case 'del': {
      if (args.length === 0 || args.length > 2) return argsError(EXIT.badArgs, 'del command needs one argument as key and an optional argument as range_end');
      const range = rangeOf(args, b('prefix'), b('from-key'));
      if ('exitCode' in range) return range;
      return { cmd: 'del', range, prevKv: b('prev-kv') };
    }
    case 'txn':
      if (args.length !== 0) return argsError(EXIT.badArgs, 'txn command does not accept argument');
      return { cmd: 'txn', interactive: b('interactive') };
    case 'watch': {
      if (args.length === 0 || args.length > 2) return argsError(EXIT.badArgs, 'bad number of arguments');
      if (b('interactive')) return argsError(EXIT.badFeature, '"etcdctl watch -i" is not simulated yet in this release of kube-anatomy');
      const range = rangeOf(args, b('prefix'), false);
      if ('exitCode' in range) return range;
      return { cmd: 'watch', range, rev: n('rev'), prevKv: b('prev-kv'), progressNotify: b('progress-notify') };
    }
    case 'compaction': {
      if (args.length !== 1) return argsError(EXIT.badArgs, 'compaction command needs 1 argument');
      const raw = args[0] as string;
      if (!/^[+-]?\d+$/.test(raw)) return argsError(EXIT.error, `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      return { cmd: 'compaction', rev: Number(raw), physical: b('physical') };
    }
    case 'lease grant': {
      if (args.length !== 1) return argsError(EXIT.badArgs, 'lease grant command needs TTL argument');
      const raw = args[0] as string;
      if (!/^[+-]?\d+$/.test(raw)) return argsError(EXIT.badArgs, `bad TTL (strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax)`);
      return { cmd: 'lease grant', ttl: Number(raw) };
    }
    case 'lease revoke':
    case 'lease timetolive':
    case 'lease keep-alive': {
      const verb = name.split(' ')[1] as string;
      if (args.length !== 1) return argsError(EXIT.badArgs, `lease ${verb} command needs lease ID as argument`);
      const id = parseLeaseId(args[0] as string);
      if (id === undefined) return argsError(EXIT.badArgs, `bad lease ID arg (strconv.ParseInt: parsing ${JSON.stringify(args[0])}: invalid syntax), expecting ID in Hex`);
      if (name === 'lease revoke') return { cmd: 'lease revoke', id };
      if (name === 'lease timetolive') return { cmd: 'lease timetolive', id, keys: b('keys') };
      return { cmd: 'lease keep-alive', id, once: b('once') };
    }
    case 'endpoint status':
      return { cmd: 'endpoint status', cluster: b('cluster') };
    case 'member list':
      // memberListCommandFunc (ctlv3/command/member_command.go) does not look at its arguments.
      return { cmd: 'member list' };
    case 'version':
      return { cmd: 'version' };
  }
  return argsError(EXIT.badFeature, `"etcdctl ${name}" is not simulated yet in this release of kube-anatomy`);
}

/** The key range of get/del/watch: one key, [key, range_end), a prefix, or from a key on. */
function rangeOf(args: string[], prefix: boolean, fromKey: boolean): RangeArgs | EtcdctlArgsError {
  const key = args[0] as string;
  if (prefix && fromKey) return argsError(EXIT.badArgs, '`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (args.length === 2) {
    if (prefix) return argsError(EXIT.badArgs, 'too many arguments, only accept one argument when `--prefix` is set.');
    if (fromKey) return argsError(EXIT.badArgs, 'too many arguments, only accept one argument when `--from-key` is set.');
    return { key, rangeEnd: args[1] as string };
  }
  // clientv3 WithPrefix on "" and WithFromKey on "" both mean every key: key "\0", range_end "\0".
  if (prefix) return key === '' ? { key: FROM_KEY, rangeEnd: FROM_KEY } : { key, rangeEnd: prefixEnd(key) };
  if (fromKey) return { key: key === '' ? FROM_KEY : key, rangeEnd: FROM_KEY };
  return { key };
}

/** strconv.ParseInt(s, 16, 64), kept as lowercase hex without leading zeros ("0" for none). */
export function parseLeaseId(raw: string): string | undefined {
  if (!/^[0-9a-fA-F]{1,16}$/.test(raw)) return undefined;
  const v = BigInt(`0x${raw}`);
  if (v >= 1n << 63n) return undefined;
  return v.toString(16);
}

function usage(): string {
  return [
    'NAME:',
    '\tetcdctl - A simple command line client for etcd3.',
    '',
    'USAGE:',
    '\tetcdctl [flags]',
    '',
    'COMMANDS (simulated by kube-anatomy):',
    '\tput, get, del, txn, watch, compaction, lease grant|revoke|timetolive|keep-alive, endpoint status, member list, version',
    '',
  ].join('\n');
}

function groupUsage(group: string, subs: string[]): string {
  return ['NAME:', `\t${group} - ${group} related commands`, '', 'USAGE:', `\tetcdctl ${group} <subcommand> [flags]`, '', 'COMMANDS:', ...subs.map((s) => `\t${s}`), ''].join('\n');
}
