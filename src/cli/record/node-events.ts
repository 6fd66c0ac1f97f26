import { ProcessCapture } from './process-capture.ts';

/**
 * `ctr events`: containerd's event stream, `TIMESTAMP NAMESPACE TOPIC JSON` per line with the
 * time containerd gave each event (Go's time.Time.String()), written as printed. ctr subscribes
 * without a namespace filter; `--namespace` (`k8s.io`, the CRI plugin's) is given to ctr as its
 * global `-n` so the command line matches the one users type.
 */
export function ctrEventsCapture(o: { ctr: string; address?: string; namespace: string; node?: string }): ProcessCapture {
  const args = [...(o.address !== undefined ? ['--address', o.address] : []), '--namespace', o.namespace, 'events'];
  const spec = {
    source: 'ctr events',
    command: o.ctr,
    args,
    file: 'node/ctr-events.txt',
    format: 'ctr-events',
    description: `ctr ${args.join(' ')}`,
    transform: (line: string) => (line === '' ? undefined : line),
    notFound: 'ctr comes with containerd (Debian/Ubuntu: apt-get install containerd)',
  };
  return new ProcessCapture(o.node !== undefined ? { ...spec, node: o.node } : spec);
}

/**
 * `crictl events -o json`: CRI ContainerEventResponses (containerd ≥ 1.7, CRI-O), each printed
 * as an indented JSON document over several lines; written as printed, the importer joins them.
 */
export function crictlEventsCapture(o: { crictl: string; runtimeEndpoint?: string; node?: string }): ProcessCapture {
  const args = [...(o.runtimeEndpoint !== undefined ? ['--runtime-endpoint', o.runtimeEndpoint] : []), 'events', '-o', 'json'];
  const spec = {
    source: 'crictl events',
    command: o.crictl,
    args,
    file: 'node/crictl-events.json',
    format: 'crictl-events',
    description: `crictl ${args.join(' ')}`,
    transform: (line: string) => line,
    notFound: 'crictl comes with cri-tools: https://github.com/kubernetes-sigs/cri-tools',
  };
  return new ProcessCapture(o.node !== undefined ? { ...spec, node: o.node } : spec);
}
