import { humanDuration } from '../../commands/crictl/go-units.ts';

/**
 * The container's status as the daemon words it for `docker ps` (moby container/state.go
 * State.String): "Up 5 seconds", "Exited (0) 3 seconds ago", "Created", "Removal In Progress".
 * Durations are go-units HumanDuration.
 */
export function stateString(s: { state: 'created' | 'running' | 'exited' | 'removing'; startedAt?: number; finishedAt?: number; exitCode?: number }, now: number): string {
  if (s.state === 'running') return `Up ${humanDuration(now - (s.startedAt ?? now))}`;
  if (s.state === 'removing') return 'Removal In Progress';
  if (s.state === 'exited') return `Exited (${s.exitCode ?? 0}) ${humanDuration(now - (s.finishedAt ?? now))} ago`;
  return 'Created';
}

/** The State field of /containers/json (container/state.go StateString). */
export function stateName(state: 'created' | 'running' | 'exited' | 'removing'): string {
  return state;
}
