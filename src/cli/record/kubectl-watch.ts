import { type RecordClock, stampLine } from './clock.ts';
import { ProcessCapture } from './process-capture.ts';
import { redactJsonLine } from './redact.ts';

export interface KubectlOptions {
  kubectl: string;
  kubeconfig?: string;
  context?: string;
  /** One namespace (`-n`), or every namespace (`-A`) when undefined. */
  namespace?: string;
  redact: boolean;
  clock: RecordClock;
}

/** kubectl's own flags for the cluster to talk to. */
function clusterFlags(o: KubectlOptions): string[] {
  const flags: string[] = [];
  if (o.kubeconfig !== undefined) flags.push('--kubeconfig', o.kubeconfig);
  if (o.context !== undefined) flags.push('--context', o.context);
  flags.push(...(o.namespace === undefined ? ['-A'] : ['-n', o.namespace]));
  return flags;
}

/**
 * `kubectl get <resource> -A --watch -o json --output-watch-events`: the initial list as ADDED,
 * then every change, one `{"type","object"}` per line (kubectl watches one resource per process).
 * kubectl prints no time: each line is stamped `{"recv": RFC3339Nano, "ev": <line>}` when read.
 */
export function watchCapture(resource: string, o: KubectlOptions): ProcessCapture {
  return kubectlCapture(resource, `watch/${fileSafe(resource)}.jsonl`, 'watch', o);
}

/** events.k8s.io/v1 Events, watched the same way (`kubectl get events.events.k8s.io`). */
export function eventsCapture(o: KubectlOptions): ProcessCapture {
  return kubectlCapture('events.events.k8s.io', 'events/events.jsonl', 'k8s-events', o);
}

function kubectlCapture(resource: string, file: string, format: string, o: KubectlOptions): ProcessCapture {
  const args = ['get', resource, ...clusterFlags(o), '--watch', '-o', 'json', '--output-watch-events'];
  return new ProcessCapture({
    source: `kubectl get ${resource} --watch`,
    command: o.kubectl,
    args,
    file,
    format,
    description: `kubectl ${args.join(' ')} (each line stamped with its receive time)`,
    transform: (line) => {
      if (line.trim() === '') return undefined;
      return stampLine(o.redact ? redactJsonLine(line) : line, o.clock);
    },
    notFound: 'install kubectl: https://kubernetes.io/docs/tasks/tools/',
  });
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
