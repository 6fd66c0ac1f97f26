import { describeStrace } from './support/oci-strace-suite.ts';

/**
 * strace order test for runc: a real `runc create` + `runc start` of a busybox bundle under
 * `strace -f`, against the model's steps (src/domain/oci/runc-steps.ts runcCreateSteps/runcStartSteps) for the same
 * config.json: namespaces, mounts, pivot_root, sethostname and execve in the same order. See
 * tests/real/support/README.md.
 */
describeStrace('runc');
