/**
 * What `runc list`, `runc state`, `crun list` and `crun state` print, from the containers of a
 * state directory (the runtime actor's `stateDirectory(root)`).
 *
 * runc 1.1.5 list.go: `-q` prints the IDs one a line; the table goes through
 * tabwriter.NewWriter(os.Stdout, 12, 1, 3, ' ', 0) with the columns ID PID STATUS BUNDLE CREATED
 * OWNER (CREATED as time.RFC3339Nano, OWNER the user owning the state directory: root); `-f json`
 * is json.NewEncoder(os.Stdout).Encode of the []containerState (one line, `null` when there is
 * none); any other format fails with "invalid format option". The list is in os.ReadDir order
 * (sorted by name) and a stopped container's pid is 0. state.go prints the same containerState
 * of one container, indented (state-json.ts).
 *
 * crun 1.8.1 list.c: a printf table `%-30s%-10s%-10s%s` with NAME PID STATUS BUNDLE PATH, one
 * line per directory in readdir order (on the tmpfs /run: newest first), pid 0 when the
 * process is not running; `-q` prints the names.
 */
import { goTabwriter } from '../go-tabwriter.ts';
import { unixSecondsToIso } from '../../../base/time.ts';
import { ociCreatedTime, ociStateJson, goJson, ociStateText } from '../../../domain/oci/state-json.ts';
import type { OciRuntimeFlavour, OciStatus } from '../../../domain/oci/lifecycle.ts';

/** One container of a state directory (see components/runc Runc.stateDirectory). */
export interface StateDirEntry {
  id: string;
  status: OciStatus;
  pid: number;
  bundle: string;
  createdUnixMicros: number;
  annotations: Record<string, string>;
}

/** The uid that owns the state directories: root on a node (user.LookupUid(0).Name). */
const OWNER = 'root';

export interface PrintResult {
  exitCode: number;
  stdout: string;
  /** An error message, to be framed as the runtime frames it (run.ts). */
  error?: string;
}

/** Go's encoding/json writes a map's keys sorted (runc's annotations); crun keeps the config's order. */
function sortedKeys(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pidOf(e: StateDirEntry): number {
  return e.status === 'stopped' ? 0 : e.pid;
}

/** The containerState of list.go, fields in its order (the state of state.go without the owner). */
function listState(e: StateDirEntry): Record<string, unknown> {
  return { ...ociStateJson({ id: e.id, status: e.status, pid: e.pid, bundle: e.bundle, created: ociCreatedTime('runc', e.createdUnixMicros), annotations: sortedKeys(e.annotations) }), owner: OWNER };
}

/** `runc list [-f table|json] [-q]`. */
export function runcList(entries: readonly StateDirEntry[], format: string, quiet: boolean): PrintResult {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (quiet) return { exitCode: 0, stdout: sorted.map((e) => `${e.id}\n`).join('') };
  if (format === 'table') {
    const rows = sorted.map((e) => `${e.id}\t${pidOf(e)}\t${e.status}\t${e.bundle}\t${ociCreatedTime('runc', e.createdUnixMicros)}\t${OWNER}\n`);
    return { exitCode: 0, stdout: goTabwriter(`ID\tPID\tSTATUS\tBUNDLE\tCREATED\tOWNER\n${rows.join('')}`, { minwidth: 12, padding: 3 }) };
  }
  if (format === 'json') return { exitCode: 0, stdout: `${sorted.length === 0 ? 'null' : goJson(JSON.stringify(sorted.map(listState)))}\n` };
  return { exitCode: 1, stdout: '', error: 'invalid format option' };
}

/** `crun list [-q]` (newest first, as readdir returns them on tmpfs). */
export function crunList(entries: readonly StateDirEntry[], quiet: boolean): PrintResult {
  const newestFirst = [...entries].reverse();
  if (quiet) return { exitCode: 0, stdout: newestFirst.map((e) => `${e.id}\n`).join('') };
  const line = (name: string, pid: string, status: string, bundle: string): string => `${name.padEnd(30)}${pid.padEnd(10)}${status.padEnd(10)}${bundle}\n`;
  return { exitCode: 0, stdout: line('NAME', 'PID', 'STATUS', 'BUNDLE PATH') + newestFirst.map((e) => line(e.id, String(pidOf(e)), e.status, e.bundle)).join('') };
}

/** `runc state <id>` / `crun state <id>`: the state JSON (state-json.ts), or undefined when there is no such directory. */
export function ociState(flavour: OciRuntimeFlavour, entries: readonly StateDirEntry[], id: string): string | undefined {
  const e = entries.find((x) => x.id === id);
  if (!e) return undefined;
  return ociStateText(flavour, { id: e.id, status: e.status, pid: e.pid, bundle: e.bundle, created: ociCreatedTime(flavour, e.createdUnixMicros), annotations: flavour === 'runc' ? sortedKeys(e.annotations) : e.annotations });
}

/**
 * runc's fatal error as logrus's TextFormatter writes it to stderr (utils.go fatalWithCode: the
 * error goes to logrus, which writes to stderr when no --log is given, and then not again
 * bare). On a terminal: `ERRO[0000] msg`; otherwise (`ssh node cmd` has no terminal):
 * `time="…" level=error msg="…"` with the time in RFC 3339 seconds.
 */
export function logrusError(message: string, unixMicros: number, tty: boolean): string {
  if (tty) return `ERRO[0000] ${message}\n`;
  const time = `${unixSecondsToIso(Math.floor(unixMicros / 1_000_000))}Z`;
  return `time="${time}" level=error msg=${JSON.stringify(message)}\n`;
}
