import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { runBranch } from '../../source/branch.ts';
import type { Timeline } from '../../timeline/index.ts';
import type { SessionStore } from '../session/store.ts';
import { ForkContext, type BranchInfo, type ForkApi, type UserAction } from './context.ts';
import { forkBranch, ROOT_BRANCH } from './tree.ts';

export interface BranchHostProps {
  /** The scenario the base timeline was run from; null for a replay (nothing to recompute). */
  scenario: { text: string; file: string; seed?: number } | null;
  /** Branch 0's timeline: the scenario as written (already computed by the shell). */
  base: Timeline;
  /** The session whose playhead the actions are taken at and that follows the branch switches. */
  store: SessionStore;
  children: (timeline: Timeline) => ReactNode;
}

/**
 * Keeps the tree of branches of one run and provides `useFork()` below it (issue 6): `act` at the
 * paused playhead recomputes the run from scratch with the user's actions (src/source/branch.ts)
 * and shows the new branch; `switchTo` goes back to any earlier one. See README.md.
 */
export function BranchHost({ scenario, base, store, children }: BranchHostProps) {
  // What renders (state), and the same tree for the callbacks, which must see a branch made by
  // the previous Enter before React re-rendered (a ref, written only in callbacks).
  const [view, setView] = useState<TreeView>(INITIAL_VIEW);
  const [busy, setBusy] = useState(false);
  const tree = useRef<TreeView & { busy: boolean }>({ ...INITIAL_VIEW, busy: false });

  const act = useCallback(
    async (action: UserAction): Promise<{ ok: true; branch: number } | { ok: false; error: string }> => {
      if (!scenario) return { ok: false, error: 'this trace was recorded, not simulated: it cannot be forked' };
      if (tree.current.busy) return { ok: false, error: 'a branch is still being computed' };
      const session = store.getState();
      session.pause();
      const t = session.t;
      const branch = forkBranch(tree.current.branches, tree.current.shown, action, t);
      tree.current.busy = true;
      setBusy(true);
      try {
        const timeline = await runBranch({ scenarioText: scenario.text, scenarioFile: scenario.file, ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}), actions: branch.actions });
        const timelines = new Map(tree.current.timelines).set(branch.id, timeline);
        const next = { branches: [...tree.current.branches, branch], shown: branch.id, timelines };
        Object.assign(tree.current, next);
        setView(next);
        // A command's output is its exit event: the playhead moves on to it, so the console shows it.
        store.getState().seek(action.type === 'command' ? typedExitTime(timeline, action.line, t) : t);
        return { ok: true, branch: branch.id };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      } finally {
        tree.current.busy = false;
        setBusy(false);
      }
    },
    [scenario, store],
  );

  const switchTo = useCallback(
    (id: number) => {
      const b = tree.current.branches.find((x) => x.id === id);
      if (!b || tree.current.busy) return;
      tree.current.shown = id;
      setView({ branches: tree.current.branches, shown: id, timelines: tree.current.timelines });
      store.getState().pause();
      // The fork point is where the branches part: both sides of it are worth comparing from there.
      if (b.id !== 0) store.getState().seek(b.forkT);
    },
    [store],
  );

  const api = useMemo<ForkApi>(() => ({ available: scenario !== null, branches: view.branches, current: view.shown, busy, act, switchTo }), [scenario, view, busy, act, switchTo]);
  const timeline = view.shown === 0 ? base : (view.timelines.get(view.shown) ?? base);
  return <ForkContext.Provider value={api}>{children(timeline)}</ForkContext.Provider>;
}

interface TreeView {
  branches: readonly BranchInfo[];
  /** The branch the views show (ForkApi.current). */
  shown: number;
  /** The timelines of the computed branches (branch 0's is the `base` prop). */
  timelines: ReadonlyMap<number, Timeline>;
}

const INITIAL_VIEW: TreeView = { branches: [ROOT_BRANCH], shown: 0, timelines: new Map() };

/** When the typed command `line` taken at `t` ended in this timeline (its `command` exit event). */
function typedExitTime(timeline: Timeline, line: string, t: number): number {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline.at(i);
    if (e.t < t) break;
    if (e.kind === 'command' && e.op === line && e.attrs?.['typed'] === true && e.attrs['phase'] === 'exit') return e.t;
  }
  return t;
}
