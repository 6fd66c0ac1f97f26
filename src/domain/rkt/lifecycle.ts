/**
 * A rkt pod's life on disk (Documentation/devel/pod-lifecycle.md, pkg/pod/pods.go): a directory
 * under /var/lib/rkt/pods/<state>/<uuid> plus an advisory lock. The directory says the state,
 * the lock refines it (pkg/pod/pods.go getPod/refreshState):
 *
 *   embryo → preparing (prepare/, locked) ─┬→ prepared (prepared/) → running (run/, locked)
 *                                          ├→ aborted prepare (prepare/, unlocked)
 *                                          └→ running (rkt run skips prepared)
 *   running → exited (run/, unlocked) → exited garbage (exited-garbage/) → deleted
 *   aborted prepare, expired prepared → garbage (garbage/) → deleted
 *
 * The names are pkg/pod/pods.go's exported states, as `rkt list` and `rkt status` print them.
 */

export type PodState =
  | 'embryo'
  | 'preparing'
  | 'aborted prepare'
  | 'prepared'
  | 'running'
  | 'deleting'
  | 'exited deleting'
  | 'exited'
  | 'exited garbage'
  | 'garbage'
  | 'deleted';

/** The directory of each state under /var/lib/rkt/pods (pkg/pod/pods.go embryoDir…garbageDir). */
export const STATE_DIR: Readonly<Record<PodState, string>> = {
  embryo: 'embryo',
  preparing: 'prepare',
  'aborted prepare': 'prepare',
  prepared: 'prepared',
  running: 'run',
  deleting: 'garbage',
  'exited deleting': 'exited-garbage',
  exited: 'run',
  'exited garbage': 'exited-garbage',
  garbage: 'garbage',
  deleted: '',
};

/** Whether the pod directory is exclusively locked in that state. */
export const STATE_LOCKED: Readonly<Record<PodState, boolean>> = {
  embryo: true,
  preparing: true,
  'aborted prepare': false,
  prepared: false,
  running: true,
  deleting: true,
  'exited deleting': true,
  exited: false,
  'exited garbage': false,
  garbage: false,
  deleted: false,
};

/** The path of a pod directory in a state (empty once deleted). */
export function podPath(dataDir: string, state: PodState, uuid: string): string {
  const dir = STATE_DIR[state];
  return dir ? `${dataDir}/pods/${dir}/${uuid}` : '';
}

/** The renames (and lock changes) of pods.go ToPreparing, ToPrepared, ToRun, ToExitedGarbage, ToGarbage, and the rest. */
export type PodEvent = 'TO_PREPARING' | 'PREPARE_FAILED' | 'TO_PREPARED' | 'TO_RUN' | 'EXITED' | 'TO_EXITED_GARBAGE' | 'TO_GARBAGE' | 'DELETE_START' | 'DELETED';

export const TRANSITIONS: Readonly<Record<PodState, Partial<Record<PodEvent, PodState>>>> = {
  embryo: { TO_PREPARING: 'preparing' },
  preparing: { TO_PREPARED: 'prepared', TO_RUN: 'running', PREPARE_FAILED: 'aborted prepare' },
  'aborted prepare': { TO_GARBAGE: 'garbage' },
  prepared: { TO_RUN: 'running', TO_GARBAGE: 'garbage' },
  running: { EXITED: 'exited' },
  exited: { TO_EXITED_GARBAGE: 'exited garbage' },
  'exited garbage': { DELETE_START: 'exited deleting' },
  'exited deleting': { DELETED: 'deleted' },
  garbage: { DELETE_START: 'deleting' },
  deleting: { DELETED: 'deleted' },
  deleted: {},
};

/** The next state, or an error like pods.go's "bug: …" messages for an illegal move. */
export function nextState(state: PodState, event: PodEvent): PodState | { error: string } {
  const to = TRANSITIONS[state][event];
  return to ?? { error: `bug: a pod in state "${state}" cannot take ${event}` };
}

/** IsAfterRun (pods.go): exited deleting, deleting, exited (and exited garbage), garbage. */
export function isAfterRun(state: PodState): boolean {
  return state === 'exited deleting' || state === 'deleting' || state === 'exited' || state === 'exited garbage' || state === 'garbage';
}

/** Pods resolveUUID can find (pkg/pod/uuid.go matchUUID: prepare, prepared, run, exited-garbage). */
export function resolvable(state: PodState): boolean {
  return ['preparing', 'aborted prepare', 'prepared', 'running', 'exited', 'exited garbage', 'exited deleting'].includes(state);
}

/** Pods `rkt list` walks (IncludeMostDirs: run, exited-garbage, prepare, prepared). */
export function listed(state: PodState): boolean {
  return resolvable(state);
}

/**
 * What a command does with a pod in a state, in rkt's own words (`%q` of the full UUID):
 * `stdout` / `stderr` are lines rkt prints (stderr ones get the command's log prefix).
 */
export interface Verdict {
  ok: boolean;
  stdout?: string;
  stderr?: string;
}

const q = (uuid: string): string => JSON.stringify(uuid);

/** rkt/stop.go: after-run pods are "already stopped" (exit 0); only running pods stop. */
export function checkStop(state: PodState, uuid: string): Verdict {
  if (isAfterRun(state)) return { ok: true, stdout: `pod ${q(uuid)} is already stopped` };
  if (state !== 'running') return { ok: false, stderr: `pod ${q(uuid)} is not running` };
  return { ok: true };
}

/** rkt/rm.go removePod: which states rm refuses, and the garbage moves it announces. */
export function checkRm(state: PodState, uuid: string): Verdict {
  switch (state) {
    case 'running':
      return { ok: false, stderr: `pod ${q(uuid)} is currently running` };
    case 'embryo':
    case 'preparing':
      return { ok: false, stderr: `pod ${q(uuid)} is currently being prepared` };
    case 'deleting':
      return { ok: false, stderr: `pod ${q(uuid)} is currently being deleted` };
    case 'aborted prepare':
      return { ok: true, stderr: `moving failed prepare ${q(uuid)} to garbage` };
    case 'prepared':
      return { ok: true, stderr: `moving expired prepared pod ${q(uuid)} to garbage` };
    default:
      return { ok: true };
  }
}

export type AppCommand = 'add' | 'start' | 'stop' | 'rm';

/**
 * The checks rkt/app_{add,start,stop,rm}.go make before calling stage0, in order: the pod must
 * run (app stop says "already stopped" of an exited one; app rm words it "is not running") and
 * its supervisor (systemd in stage1) must be ready ("is not ready yet" in app rm). Mutability is
 * checked later, inside stage0 (pkg/pod/sandbox.go SandboxManifest).
 */
export function checkAppCommand(cmd: AppCommand, state: PodState, supervisorReady: boolean, uuid: string): Verdict {
  if (cmd === 'stop' && isAfterRun(state)) return { ok: true, stdout: `pod ${q(uuid)} is already stopped` };
  if (state !== 'running') return { ok: false, stderr: cmd === 'rm' ? `pod ${q(uuid)} is not running` : `pod ${q(uuid)} isn't currently running` };
  if (!supervisorReady) return { ok: false, stderr: cmd === 'rm' ? `supervisor for pod ${q(uuid)} is not ready yet` : `supervisor for pod ${q(uuid)} is not yet ready` };
  return { ok: true };
}

/** pkg/pod/sandbox.go ErrImmutable: what stage0 answers when a pod made by `rkt run` is asked to change. */
export const ERR_IMMUTABLE = 'immutable pod';

/** The message each `rkt app` command prints before stage0's error (app_add.go … app_rm.go). */
export const APP_ERROR_PREFIX: Readonly<Record<AppCommand, string>> = {
  add: 'error adding app to pod',
  start: 'error starting app',
  stop: 'error stopping app',
  rm: 'error removing app',
};

/** The app states of a mutable pod (lib/types.go AppState). */
export type AppState = 'unknown' | 'created' | 'running' | 'exited';

/**
 * appStateInMutablePod (lib/app.go): created once the app's `created` file exists, running once
 * `started` exists, exited once its status file exists; every app of an after-run pod is exited.
 */
export function mutableAppState(files: { created: boolean; started: boolean; status: boolean }, podState: PodState): AppState {
  if (isAfterRun(podState)) return 'exited';
  if (!files.created) return 'unknown';
  if (!files.started) return 'created';
  if (!files.status) return 'running';
  return 'exited';
}

/** appStateFromPod (lib/app.go): in an immutable pod every app has the pod's state, or exited when it left a status. */
export function immutableAppState(podState: PodState, hasExitStatus: boolean): AppState {
  if (hasExitStatus) return 'exited';
  switch (podState) {
    case 'prepared':
      return 'created';
    case 'running':
      return 'running';
    case 'deleting':
    case 'exited deleting':
    case 'exited':
    case 'exited garbage':
    case 'garbage':
      return 'exited';
    default:
      return 'unknown';
  }
}
