import type { CommandLine, Compare, Op, Output, TxnRequest } from './ops.ts';

/**
 * Renders operations to command lines exactly as a user types them (no --endpoints: both sides
 * get the endpoint from the environment), and txn's stdin in etcdctl's non-interactive format
 * (etcdctl/ctlv3/command/txn_command.go: compares, blank line, success requests, blank line,
 * failure requests, blank line).
 */

/** The placeholder of the n-th successful lease grant, resolved by each side (placeholders.ts). */
export function leasePlaceholder(n: number): string {
  return `$LEASE${n}`;
}

/** A key as a shell word: the empty key needs quotes, the others are plain words. */
function word(key: string): string {
  return key === '' ? "''" : key;
}

const json = (o: Output): string[] => (o === 'json' ? ['-w', 'json'] : []);

export function renderOp(op: Op): CommandLine {
  const w = (...parts: (string | false | undefined)[]): string => ['etcdctl', ...parts.filter((p): p is string => typeof p === 'string')].join(' ');
  switch (op.kind) {
    case 'put':
      // Values are stored already shell-quoted where they need it (see generate.ts VALUES).
      return { line: w('put', word(op.key), op.value, op.prevKv && '--prev-kv', op.lease !== undefined && `--lease=${leasePlaceholder(op.lease)}`) };
    case 'get':
      return { line: w('get', word(op.key), op.prefix && '--prefix', op.rev !== undefined && `--rev=${op.rev}`, op.keysOnly && '--keys-only', ...json(op.output)) };
    case 'del':
      return { line: w('del', word(op.key), op.prefix && '--prefix', op.prevKv && '--prev-kv', ...json(op.output)) };
    case 'txn':
      return { line: w('txn', ...json(op.output)), stdin: renderTxnInput(op.compares, op.success, op.failure) };
    case 'compaction':
      return { line: w('compaction', String(op.rev)) };
    case 'lease-grant':
      return { line: w('lease', 'grant', String(op.ttl), ...json(op.output)) };
    case 'lease-revoke':
      return { line: w('lease', 'revoke', leasePlaceholder(op.lease), ...json(op.output)) };
    case 'lease-timetolive':
      return { line: w('lease', 'timetolive', leasePlaceholder(op.lease), op.keys && '--keys', ...json(op.output)) };
    case 'endpoint-status':
      return { line: w('endpoint', 'status', op.cluster && '--cluster', ...json(op.output)) };
    case 'member-list':
      return { line: w('member', 'list', ...(op.output === 'table' ? ['-w', 'table'] : json(op.output))) };
    case 'watch':
      return { line: w('watch', word(op.key), op.prefix && '--prefix', op.rev !== undefined && `--rev=${op.rev}`, op.prevKv && '--prev-kv', ...json(op.output)) };
  }
}

/** txn's stdin: three sections, each ended by a blank line. */
export function renderTxnInput(compares: Compare[], success: TxnRequest[], failure: TxnRequest[]): string {
  const lines = [...compares.map(renderCompare), '', ...success.map(renderRequest), '', ...failure.map(renderRequest), ''];
  return lines.join('\n') + '\n';
}

function renderCompare(c: Compare): string {
  return `${c.target}("${c.key}") ${c.op} "${c.operand}"`;
}

/** A request line; txn reads it with its own argify, so values keep the quotes they were drawn with. */
function renderRequest(r: TxnRequest): string {
  switch (r.kind) {
    case 'put':
      return `put ${r.key} ${r.value}`;
    case 'get':
      return `get ${r.key}${r.prefix ? ' --prefix' : ''}`;
    case 'del':
      return `del ${r.key}${r.prefix ? ' --prefix' : ''}`;
  }
}

/** The sequence as shell input: one command per line, txn's stdin as a here-document. */
export function formatSequence(commands: readonly CommandLine[]): string {
  return commands
    .map((c, i) => {
      const head = `${String(i + 1).padStart(2)}  ${c.line}`;
      return c.stdin === undefined ? head : `${head} <<'EOF'\n${c.stdin}EOF`;
    })
    .join('\n');
}
