import type { CliIO } from '../io.ts';

/** What `replay`, `record` and `serve` will do; they come in a later release. */
const PLANNED: Record<string, string> = {
  replay: 'imports real traces (audit logs, watch streams, events, OTLP, containerd and runc captures) into one normalized trace',
  record: 'captures a trace on a real node or cluster',
  serve: 'starts the replay server',
};

export const LATER_COMMANDS = Object.keys(PLANNED);

/** Says that the command comes later and exits 2, so scripts can tell it from a failed run. */
export function laterCommand(name: string, io: CliIO): number {
  io.err(`kube-anatomy ${name}: not available yet; it comes in a later release (it ${PLANNED[name] ?? 'is planned'}).\n`);
  return 2;
}
