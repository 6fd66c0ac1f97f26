/**
 * The operations a generated sequence is made of, already resolved to concrete keys, values and
 * revisions (generate.ts draws them). Each renders to the command line a user would type and,
 * for `txn`, the text on its stdin (render.ts). Leases are named by placeholder index: `$LEASE<n>`
 * is the n-th successful `lease grant` of the sequence, which each side resolves from its own
 * output (placeholders.ts), because lease ids come from a time-based generator.
 */

/** `-w json` or the default simple output. */
export type Output = 'simple' | 'json';

export type Op =
  | { kind: 'put'; key: string; value: string; prevKv: boolean; lease?: number }
  | { kind: 'get'; key: string; prefix: boolean; rev?: number; keysOnly: boolean; output: Output }
  | { kind: 'del'; key: string; prefix: boolean; prevKv: boolean; output: Output }
  | { kind: 'txn'; compares: Compare[]; success: TxnRequest[]; failure: TxnRequest[]; output: Output }
  | { kind: 'compaction'; rev: number }
  | { kind: 'lease-grant'; ttl: number; output: Output }
  | { kind: 'lease-revoke'; lease: number; output: Output }
  | { kind: 'lease-timetolive'; lease: number; keys: boolean; output: Output }
  | { kind: 'endpoint-status'; cluster: boolean; output: Output }
  | { kind: 'member-list'; output: Output | 'table' }
  | { kind: 'watch'; key: string; prefix: boolean; rev?: number; prevKv: boolean; output: Output };

/** One compare line of txn's stdin, e.g. `mod("a") = "3"`. */
export interface Compare {
  target: 'mod' | 'ver' | 'create' | 'value';
  key: string;
  op: '=' | '!=' | '>' | '<';
  operand: string;
}

/** One request line of a txn branch (`put a x`, `get a --prefix`, `del a`). */
export type TxnRequest =
  | { kind: 'put'; key: string; value: string }
  | { kind: 'get'; key: string; prefix: boolean }
  | { kind: 'del'; key: string; prefix: boolean };

/** A command as a user types it, with what goes to its standard input. */
export interface CommandLine {
  line: string;
  stdin?: string;
}

/** What a command printed and how it ended (a watch still running at the end: 130, Ctrl-C). */
export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A generated sequence: the operations and their rendering. */
export interface Sequence {
  ops: Op[];
  commands: CommandLine[];
}
