/**
 * One invocation of runc or crun as containerd-shim-runc-v2 makes it (`--log <bundle>/log.json
 * --log-format json`, runc-cli.ts): its exit code, standard output and error, the lines it
 * appends to log.json, and the status `state` reports afterwards. The rules are lifecycle.ts
 * (accepted or refused) and signals.ts (what a kill does); this file adds how each runtime
 * prints the outcome:
 * - runc 1.1.5 (utils.go fatal): logrus writes the error to the log file as JSON
 *   ({"level":"error","msg":…,"time":…}, Go's encoding/json, time in RFC 3339 seconds), and,
 *   since the log is not stderr, the bare message goes to stderr too;
 * - crun 1.8.1 (src/libcrun/error.c): the same message to stderr and, for --log-format json, a
 *   {"msg":…,"level":"error","time":…} line with the time in microseconds.
 * Successful calls print nothing except `state`, which prints the state JSON (state-json.ts).
 */
import { unixSecondsToIso } from '../../base/time.ts';
import { checkOciOperation, ociStatusAfter, reportedStatus, type OciOperation, type OciRuntimeFlavour, type OciStatus } from './lifecycle.ts';
import { killOutcome } from './signals.ts';
import { goJson, ociStateText, type OciStateFacts } from './state-json.ts';

export interface OciInvocation {
  op: OciOperation;
  signal?: number;
  all?: boolean;
  force?: boolean;
}

export interface OciCliContext {
  id: string;
  /** --root. */
  root: string;
  /** What `state` prints about the container (id and status are filled in). */
  state: Omit<OciStateFacts, 'id' | 'status'>;
  /** Signals the container's process exits on (a handler that exits); none for busybox sleep. */
  handles?: readonly number[];
  /** The time stamp written into log lines, already in the runtime's format. */
  logTime: string;
}

export interface OciCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Lines appended to log.json. */
  log: string[];
  /** What `state` reports afterwards (undefined: "does not exist"). */
  statusAfter: OciStatus | undefined;
}

/** One error line of log.json, in the runtime's own key order and escaping. */
export function ociLogLine(flavour: OciRuntimeFlavour, msg: string, time: string): string {
  if (flavour === 'crun') return JSON.stringify({ msg, level: 'error', time });
  return goJson(JSON.stringify({ level: 'error', msg, time }));
}

export function ociCliOutcome(flavour: OciRuntimeFlavour, status: OciStatus | undefined, inv: OciInvocation, ctx: OciCliContext): OciCliResult {
  const check = checkOciOperation(status, inv.op, ctx.id, { flavour, root: ctx.root, ...(inv.force ? { force: true } : {}), ...(inv.all ? { all: true } : {}) });
  if (!check.ok) {
    return { exitCode: check.exitCode, stdout: '', stderr: `${check.error}\n`, log: [ociLogLine(flavour, check.error, ctx.logTime)], statusAfter: reportedStatus(status) };
  }
  if (inv.op === 'state') {
    const s = status as OciStatus;
    return { exitCode: 0, stdout: ociStateText(flavour, { ...ctx.state, id: ctx.id, status: s }), stderr: '', log: [], statusAfter: s };
  }
  const after =
    inv.op === 'kill'
      ? status === undefined
        ? undefined
        : reportedStatus(killOutcome(flavour, status, inv.signal ?? 15, { ...(inv.all ? { all: true } : {}), ...(ctx.handles ? { handles: ctx.handles } : {}) }))
      : ociStatusAfter(status, inv.op, flavour);
  return { exitCode: 0, stdout: '', stderr: '', log: [], statusAfter: after };
}

/** The `time` of a log.json line from Unix time in µs: runc (logrus) to the second, crun to the microsecond. */
export function ociLogTime(flavour: OciRuntimeFlavour, unixMicros: number): string {
  const base = unixSecondsToIso(Math.floor(unixMicros / 1_000_000));
  if (flavour === 'crun') return `${base}.${String(unixMicros % 1_000_000).padStart(6, '0')}Z`;
  return `${base}Z`;
}
