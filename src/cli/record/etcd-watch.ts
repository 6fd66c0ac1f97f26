import { type RecordClock, stampLine } from './clock.ts';
import { ProcessCapture } from './process-capture.ts';
import { redactJsonLine } from './redact.ts';

/**
 * `etcdctl watch --prefix <prefix> -w json`: one WatchResponse per line (header with the
 * revision, events with base64 keys and values), stamped with its receive time like the kubectl
 * watches. Values of /registry/secrets/ keys are redacted unless --no-redact.
 */
export function etcdWatchCapture(o: { etcdctl: string; endpoints: string; prefix: string; redact: boolean; clock: RecordClock }): ProcessCapture {
  const args = ['--endpoints', o.endpoints, 'watch', '--prefix', o.prefix, '-w', 'json'];
  return new ProcessCapture({
    source: 'etcdctl watch',
    command: o.etcdctl,
    args,
    // etcd 3.4's etcdctl speaks v3 by default; older ones need it said.
    env: { ...process.env, ETCDCTL_API: '3' },
    file: 'etcd/watch.jsonl',
    format: 'etcd-watch',
    description: `etcdctl ${args.join(' ')} (each line stamped with its receive time)`,
    transform: (line) => (line.trim() === '' ? undefined : stampLine(o.redact ? redactJsonLine(line) : line, o.clock)),
    notFound: 'etcdctl comes with etcd (Debian/Ubuntu: apt-get install etcd-client)',
  });
}
