import { describe, expect, it } from 'vitest';
import { cgroupParentPath, cgroupRelative, qosOfSlice } from './cgroups.ts';

/**
 * Cgroup paths as the kubelet and runc make them: the systemd driver's slices expand at each
 * dash (systemd.slice(5), runc libcontainer/cgroups/systemd/common.go ExpandSlice); Guaranteed
 * pods sit under kubepods.slice itself (kubelet pkg/kubelet/cm/qos_container_manager_linux.go);
 * cgroup v1 has one tree per hierarchy under /sys/fs/cgroup/<controller>.
 */
describe('cgroup paths', () => {
  it('reads a directory below the unified root, or below a v1 hierarchy', () => {
    expect(cgroupRelative('/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/x.scope')).toEqual({ path: 'kubepods.slice/kubepods-besteffort.slice/x.scope' });
    expect(cgroupRelative('/sys/fs/cgroup/cpu,cpuacct/kubepods.slice/x.scope')).toEqual({ path: 'kubepods.slice/x.scope', hierarchy: 'cpu,cpuacct' });
    expect(cgroupRelative('/var/lib/kubelet')).toBeUndefined();
  });

  it('expands a systemd cgroupParent, keeps a cgroupfs one', () => {
    expect(cgroupParentPath('kubepods-burstable-pod1234.slice')).toBe('kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice');
    expect(cgroupParentPath('kubepods-pod1234.slice')).toBe('kubepods.slice/kubepods-pod1234.slice');
    expect(cgroupParentPath('/kubepods/besteffort/pod1234')).toBe('kubepods/besteffort/pod1234');
  });

  it('tells the QoS class from the pod slice name', () => {
    expect(qosOfSlice('kubepods-besteffort-pod093ff5a3_6344.slice')).toBe('BestEffort');
    expect(qosOfSlice('kubepods-burstable-pod093ff5a3_6344.slice')).toBe('Burstable');
    expect(qosOfSlice('kubepods-pod093ff5a3_6344.slice')).toBe('Guaranteed');
    expect(qosOfSlice('/kubepods/burstable/pod1234')).toBe('Burstable');
    expect(qosOfSlice('/kubepods/pod1234')).toBe('Guaranteed');
    expect(qosOfSlice('system.slice')).toBeUndefined();
  });
});
