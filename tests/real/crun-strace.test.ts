import { describeStrace } from './support/oci-strace-suite.ts';

/**
 * strace order test for crun: a real `crun create` + `crun start` of a busybox bundle under
 * `strace -f`, against the model's steps (src/domain/oci/crun-steps.ts crunCreateSteps/crunStartSteps) for the same
 * config.json: namespaces, mounts, pivot_root, sethostname and execve in the same order. See
 * tests/real/support/README.md.
 */
describeStrace('crun');
