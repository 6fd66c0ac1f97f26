import type { Compare, CompareResult, CompareTarget, TxnOp } from '../../components/etcd/mvcc.ts';
import { goQuote } from '../kubectl/flags.ts';
import { EXIT, isEtcdctlArgsError, parseEtcdctlArgs, type EtcdctlArgsError, type EtcdctlCommand } from './args.ts';

/**
 * The standard input of `etcdctl txn` (etcdctl 3.4 command/txn_command.go): compare lines up to
 * an empty line, then the success requests up to an empty line, then the failure requests up to
 * an empty line. Each stage must end with a newline; input that runs out first is "EOF".
 * Requests are `put`, `get` and `del` command lines with their own flags.
 */

export interface ParsedTxnInput {
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
  /** How to print each op's response, by branch (get's --print-value-only and so on). */
  successOps: EtcdctlCommand[];
  failureOps: EtcdctlCommand[];
}

const fail = (exitCode: number, message: string): EtcdctlArgsError => ({ exitCode, stdout: '', stderr: `Error: ${message}\n` });

/** A panic in etcdctl 3.4 itself: printed by the Go runtime, exit code 2. */
const panic = (message: string): EtcdctlArgsError => ({ exitCode: 2, stdout: '', stderr: `panic: ${message}\n\ngoroutine 1 [running]:\n` });

export function parseTxnInput(stdin: string): ParsedTxnInput | EtcdctlArgsError {
  const reader = new LineReader(stdin);
  const compare: Compare[] = [];
  for (;;) {
    const line = reader.next();
    if (line === undefined) return fail(EXIT.invalidInput, 'EOF');
    if (line === '') break;
    const c = parseCompare(line);
    if ('exitCode' in c) return c;
    compare.push(c);
  }
  const success = readOps(reader);
  if ('exitCode' in success) return success;
  const failure = readOps(reader);
  if ('exitCode' in failure) return failure;
  return { compare, success: success.ops, failure: failure.ops, successOps: success.cmds, failureOps: failure.cmds };
}

class LineReader {
  private at = 0;
  constructor(private readonly text: string) {}
  /** bufio.Reader.ReadString('\n') then strings.TrimSpace; undefined at EOF before a newline. */
  next(): string | undefined {
    const nl = this.text.indexOf('\n', this.at);
    if (nl < 0) return undefined;
    const line = this.text.slice(this.at, nl);
    this.at = nl + 1;
    return line.trim();
  }
}

function readOps(reader: LineReader): { ops: TxnOp[]; cmds: EtcdctlCommand[] } | EtcdctlArgsError {
  const ops: TxnOp[] = [];
  const cmds: EtcdctlCommand[] = [];
  for (;;) {
    const line = reader.next();
    if (line === undefined) return fail(EXIT.invalidInput, 'EOF');
    if (line === '') return { ops, cmds };
    const args = argify(line);
    if ('panic' in args) return panic(args.panic);
    if (args.length < 2) return fail(EXIT.invalidInput, `invalid txn compare request: ${line}`);
    if (!['put', 'get', 'del'].includes(args[0] as string)) return fail(EXIT.invalidInput, `invalid txn request: ${line}`);
    const parsed = parseEtcdctlArgs(args);
    if (isEtcdctlArgsError(parsed)) {
      // Argument checks inside the command exit etcdctl directly; flag errors fail the request.
      if (parsed.exitCode === EXIT.badArgs) return parsed;
      return fail(EXIT.invalidInput, `invalid txn request: ${line}`);
    }
    const c = parsed.command;
    if (c.cmd === 'put') ops.push({ requestPut: { key: c.key, value: c.value ?? '', ...(c.lease !== '0' ? { lease: c.lease } : {}), ...(c.prevKv ? { prevKv: true } : {}) } });
    else if (c.cmd === 'get') ops.push({ requestRange: { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), ...(c.rev ? { revision: c.rev } : {}), ...(c.keysOnly ? { keysOnly: true } : {}), ...(c.countOnly ? { countOnly: true } : {}), ...(c.limit ? { limit: c.limit } : {}), sortOrder: c.sortOrder, sortTarget: c.sortTarget } });
    else if (c.cmd === 'del') ops.push({ requestDeleteRange: { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), ...(c.prevKv ? { prevKv: true } : {}) } });
    cmds.push(c);
  }
}

const TARGETS: Record<string, CompareTarget> = { ver: 'VERSION', version: 'VERSION', c: 'CREATE', create: 'CREATE', m: 'MOD', mod: 'MOD', val: 'VALUE', value: 'VALUE', lease: 'LEASE' };
const RESULTS: Record<string, CompareResult> = { '=': 'EQUAL', '!=': 'NOT_EQUAL', '>': 'GREATER', '<': 'LESS' };

/** `mod("key") = "3"`: target(quoted key) operator quoted value, as fmt.Sscanf("%q) %s %q") reads it. */
export function parseCompare(line: string): Compare | EtcdctlArgsError {
  const paren = line.indexOf('(');
  if (paren < 0) return fail(EXIT.invalidInput, `malformed comparison: ${line}`);
  const target = line.slice(0, paren);
  const scan = new Scanner(line.slice(paren + 1));
  const key = scan.quoted();
  const closed = key !== undefined && scan.literal(')');
  const op = closed ? scan.word() : undefined;
  const val = op !== undefined ? scan.quoted() : undefined;
  if (val === undefined) {
    return fail(EXIT.invalidInput, `malformed comparison: ${line}; got ${target}(${goQuote(key ?? '')}) ${op ?? ''} ${goQuote('')}`);
  }
  const t = TARGETS[target];
  if (!t) return fail(EXIT.invalidInput, `malformed comparison: ${line}`);
  const result = RESULTS[op as string];
  // clientv3.Compare panics on an operator it does not know.
  if (!result) return panic('Unknown result op');
  if (key === undefined) return fail(EXIT.invalidInput, `malformed comparison: ${line}`);
  if (t === 'VALUE') return { key, target: t, result, value: val };
  // etcdctl 3.4 hands the lease compare's value to clientv3 as a string, which panics.
  if (t === 'LEASE') return panic('bad value');
  if (!/^[+-]?\d+$/.test(val)) return fail(EXIT.invalidInput, `invalid txn compare request: ${line}`);
  return { key, target: t, result, value: Number(val) };
}

class Scanner {
  private at = 0;
  constructor(private readonly s: string) {}
  private spaces(): void {
    while (this.at < this.s.length && /[ \t\r]/.test(this.s[this.at] as string)) this.at++;
  }
  literal(c: string): boolean {
    if (this.s[this.at] !== c) return false;
    this.at++;
    return true;
  }
  word(): string | undefined {
    this.spaces();
    const start = this.at;
    while (this.at < this.s.length && !/\s/.test(this.s[this.at] as string)) this.at++;
    return this.at > start ? this.s.slice(start, this.at) : undefined;
  }
  /** A Go double-quoted or back-quoted string. */
  quoted(): string | undefined {
    this.spaces();
    const q = this.s[this.at];
    if (q === '`') {
      const end = this.s.indexOf('`', this.at + 1);
      if (end < 0) return undefined;
      const v = this.s.slice(this.at + 1, end);
      this.at = end + 1;
      return v;
    }
    if (q !== '"') return undefined;
    let i = this.at + 1;
    while (i < this.s.length && this.s[i] !== '"') i += this.s[i] === '\\' ? 2 : 1;
    if (i >= this.s.length) return undefined;
    try {
      const v = JSON.parse(this.s.slice(this.at, i + 1)) as string;
      this.at = i + 1;
      return v;
    } catch {
      return undefined;
    }
  }
}

/**
 * etcdctl's Argify (command/util.go): words, "double-quoted strings" with Go escapes and
 * 'single-quoted strings', split on white space. etcdctl 3.4 cuts a single-quoted word as
 * `args[i][1 : len(args)-1]`, by the number of words on the line rather than the word's length:
 * `put a1 'q r'` stores "q". Reproduced, including the panic when that slice is out of range.
 */
export function argify(line: string): string[] | { panic: string } {
  const re = /"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?/g;
  const words = [...line.matchAll(re)].map((m) => m[0]);
  const out: string[] = [];
  for (const w of words) {
    if (w.startsWith("'")) {
      const hi = words.length - 1;
      const length = new TextEncoder().encode(w).length;
      if (hi > length) return { panic: `runtime error: slice bounds out of range [:${hi}] with length ${length}` };
      if (hi < 1) return { panic: `runtime error: slice bounds out of range [1:${hi}]` };
      out.push(w.slice(1, hi));
    } else if (w.startsWith('"')) {
      try {
        out.push(JSON.parse(w) as string);
      } catch {
        out.push(w.slice(1, -1));
      }
    } else out.push(w);
  }
  return out;
}
