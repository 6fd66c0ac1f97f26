import { createContext, useContext } from 'react';
import type { Micros } from '../../base/time.ts';

/** What the user does at a paused playhead: a command line, or a fault (as a scenario `fault:` step). */
export type UserAction = { type: 'command'; line: string } | { type: 'fault'; fault: { type: string; [k: string]: unknown } };

/** One run of the scenario: branch 0 is the scenario as written; each `act` makes another. */
export interface BranchInfo {
  id: number;
  parent: number | null;
  /** The playhead the branch was forked at (0 for branch 0). */
  forkT: Micros;
  label: string;
  /** The user's actions of this branch, with the playhead each was taken at. */
  actions: readonly (UserAction & { t: Micros })[];
}

/**
 * Forking the run from the playhead (issue 6): the console and the fault menu act through it;
 * the shell's BranchHost provides it. See /src/ui/branches/README.md for the semantics.
 */
export interface ForkApi {
  /** False for replays: a recorded trace has no future to recompute. */
  available: boolean;
  branches: readonly BranchInfo[];
  current: number;
  /** A branch is being computed. */
  busy: boolean;
  act(action: UserAction): Promise<{ ok: true; branch: number } | { ok: false; error: string }>;
  switchTo(id: number): void;
}

const UNAVAILABLE: ForkApi = {
  available: false,
  branches: [],
  current: 0,
  busy: false,
  act: () => Promise.resolve({ ok: false, error: 'this trace cannot be forked' }),
  switchTo: () => undefined,
};

export const ForkContext = createContext<ForkApi>(UNAVAILABLE);

/** The fork API of the enclosing BranchHost (unavailable outside one, as for a replay). */
export function useFork(): ForkApi {
  return useContext(ForkContext);
}
