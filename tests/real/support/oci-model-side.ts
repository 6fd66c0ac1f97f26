import { ociCliOutcome, ociLogTime } from '../../../src/domain/oci/cli-outcome.ts';
import type { OciStatus } from '../../../src/domain/oci/lifecycle.ts';
import { ociCreatedTime } from '../../../src/domain/oci/state-json.ts';
import { bundleDir, matrixArgv, MATRIX_OPS, sharedRootfs, stateRoot, type LifecycleCase, type MatrixLayout, type MatrixState } from './oci-matrix.ts';

/**
 * The model side of the lifecycle matrix: the same (state, operation) pair on the same container
 * id through src/domain/oci (ociCliOutcome), no process run. Pure: the unit test runs it against
 * the recorded fixtures without root.
 */

/** Any fixed instant: normalize.ts replaces it (and the real one) once it has the runtime's format. */
const SOME_TIME_US = 1_764_628_542_123_456;
/** Any live pid: printed as <pid> after normalization. */
const SOME_PID = 4242;

const MODEL_STATUS: Record<MatrixState, OciStatus | undefined> = {
  none: undefined,
  creating: 'creating',
  created: 'created',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
};

export function modelCase(flavour: 'runc' | 'crun', layout: MatrixLayout, state: MatrixState, opName: string, id: string): LifecycleCase {
  const op = MATRIX_OPS.find((o) => o.name === opName);
  if (!op) throw new Error(`unknown operation ${opName}`);
  const r = ociCliOutcome(
    flavour,
    MODEL_STATUS[state],
    { op: op.op, ...(op.signal !== undefined ? { signal: op.signal } : {}), ...(op.all ? { all: true } : {}), ...(op.force ? { force: true } : {}) },
    {
      id,
      root: stateRoot(layout),
      state: { bundle: bundleDir(layout, id), rootfs: sharedRootfs(layout), pid: SOME_PID, created: ociCreatedTime(flavour, SOME_TIME_US) },
      // busybox sleep handles no signal.
      handles: [],
      logTime: ociLogTime(flavour, SOME_TIME_US),
    },
  );
  return { state, op: op.name, id, argv: matrixArgv(flavour, layout, id, op), exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, log: r.log, statusAfter: r.statusAfter ?? 'none' };
}
