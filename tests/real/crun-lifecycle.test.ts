import { describeLifecycle } from './support/oci-lifecycle-suite.ts';

/**
 * Lifecycle differential test for crun (Debian 12's crun 1.8.1): every (state, operation) pair of the
 * OCI lifecycle (runtime-spec runtime.md; DOMAIN.md 7) on a busybox bundle, driven with the
 * command lines containerd-shim-runc-v2 uses, against src/domain/oci (cli-outcome.ts). See
 * tests/real/support/README.md.
 */
describeLifecycle('crun');
