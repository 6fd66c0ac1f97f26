import type { CgroupV1Layout } from '../../../src/domain/oci/cgroups.ts';
import { crunCreateSteps, crunStartSteps } from '../../../src/domain/oci/crun-steps.ts';
import { runcCreateSteps, runcStartSteps, type RuncStep } from '../../../src/domain/oci/runc-steps.ts';
import type { OciSpec } from '../../../src/domain/oci/spec.ts';
import { bundleDir, stateRoot } from './oci-matrix.ts';
import { modelKeys } from './oci-strace-keys.ts';

/**
 * The model side of the strace order test: the create and start steps of src/domain/oci for the
 * same config.json, container id and paths, given the host facts the real run read. Pure, so the
 * unit test runs it against the committed fixture.
 */

/** What the model needs to know about the host to name the same calls. */
export interface StraceHostFacts {
  /** v1 hierarchies (empty on a cgroup v2 host). */
  cgroupLayout: CgroupV1Layout;
  /** Masked / read-only paths this kernel does not have. */
  absentPaths: string[];
  /** The mount the bundle's rootfs lives on. */
  rootfsMountPoint: string;
}

/** The model's create + start steps (some pid: keys hold none). */
export function modelStraceSteps(flavour: 'runc' | 'crun', spec: OciSpec, work: string, id: string, host: StraceHostFacts): RuncStep[] {
  const layout = { work };
  const common = {
    id,
    bundle: bundleDir(layout, id),
    root: stateRoot(layout),
    initPid: 4242,
    cgroupDriver: 'cgroupfs' as const,
    cgroupVersion: host.cgroupLayout.hierarchies.length > 0 ? (1 as const) : (2 as const),
    cgroupLayout: host.cgroupLayout,
    absentPaths: host.absentPaths,
  };
  if (flavour === 'crun') {
    return [...crunCreateSteps(spec, { ...common, rootfsMountPoint: host.rootfsMountPoint }), ...crunStartSteps(spec, { id, root: common.root, initPid: common.initPid, bundle: common.bundle })];
  }
  return [...runcCreateSteps(spec, common), ...runcStartSteps(spec, { id, root: common.root, initPid: common.initPid, bundle: common.bundle })];
}

/** Paths of one run → placeholders: the temp dir, the cgroup parent, the random XXXXXX of mkstemp. */
export function straceNormalizer(work: string, cgroupParent: string): (s: string) => string {
  return (s) => s.split(work).join('<work>').split(cgroupParent).join('<cgroup>').replace(/\b(runc|crun)\.[A-Za-z0-9]{6}\b/g, '$1.XXXXXX');
}

export function modelStraceKeys(flavour: 'runc' | 'crun', spec: OciSpec, work: string, cgroupParent: string, id: string, host: StraceHostFacts): string[] {
  return modelKeys(modelStraceSteps(flavour, spec, work, id, host), straceNormalizer(work, cgroupParent));
}
