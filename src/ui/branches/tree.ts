import type { Micros } from '../../base/time.ts';
import type { BranchInfo, UserAction } from './context.ts';

/** Branch 0: the scenario as written, no user actions. */
export const ROOT_BRANCH: BranchInfo = { id: 0, parent: null, forkT: 0, label: '', actions: [] };

/**
 * The branch that acting at playhead `t` on branch `from` makes: that branch's actions taken up
 * to `t` (one typed at the same paused playhead comes before), then this one at `t`. Actions of
 * `from` after `t` are dropped: the user rewound and took another way.
 */
export function forkBranch(branches: readonly BranchInfo[], from: number, action: UserAction, t: Micros): BranchInfo {
  const parent = branches.find((b) => b.id === from) ?? ROOT_BRANCH;
  const id = branches.reduce((max, b) => Math.max(max, b.id), 0) + 1;
  return { id, parent: parent.id, forkT: t, label: actionLabel(action), actions: [...parent.actions.filter((a) => a.t <= t), { ...action, t }] };
}

/** How an action reads in the branch switcher: the command line, or `fault <type> key=value…`. */
export function actionLabel(action: UserAction): string {
  if (action.type === 'command') return shorten(action.line);
  const { type, ...fields } = action.fault;
  return shorten(['fault', type, ...Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`)].join(' '));
}

/** Seconds with milliseconds, as the playback clock shows them: 3.201s. */
export function formatForkTime(t: Micros): string {
  return `${(t / 1_000_000).toFixed(3)}s`;
}

function shorten(s: string): string {
  return s.length > 48 ? `${s.slice(0, 47)}…` : s;
}
