import type { LifecycleCase } from './oci-matrix.ts';

/**
 * What differs between the real runtimes and the model by design, in one place (README.md,
 * "Differs by design"). Each rule matches only the runtime's own format, so a change of format
 * is still a difference: a runc time stamp that grew fractions, or a crun one that lost them,
 * stays as printed and fails the comparison.
 */

/** The run's temp dir: `<work>` on both sides, so the fixtures do not depend on mkdtemp. */
export function normalizeWork(text: string, work: string): string {
  return work ? text.split(work).join('<work>') : text;
}

/** log.json time stamps: the wall clock of the real run. runc: seconds; crun: microseconds. */
const LOG_TIME: Record<'runc' | 'crun', RegExp> = {
  runc: /"time":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"/g,
  crun: /"time":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"/g,
};

/** `state`: the init's pid (0 stays: it is how a stopped container is printed) and the creation time. */
const STATE_PID = /"pid": [1-9]\d*/g;
const STATE_CREATED: Record<'runc' | 'crun', RegExp> = {
  runc: /"created": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z"/g,
  crun: /"created": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"/g,
};

export function normalizeCase(flavour: 'runc' | 'crun', c: LifecycleCase, work: string): LifecycleCase {
  const w = (s: string) => normalizeWork(s, work);
  return {
    ...c,
    argv: c.argv.map(w),
    stdout: w(c.stdout).replace(STATE_PID, '"pid": <pid>').replace(STATE_CREATED[flavour], '"created": "<created>"'),
    stderr: w(c.stderr),
    log: c.log.map((l) => w(l).replace(LOG_TIME[flavour], '"time":"<time>"')),
  };
}
