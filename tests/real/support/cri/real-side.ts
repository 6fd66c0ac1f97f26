import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from '../etcd-diff/process.ts';
import type { CallOutcome } from './client.ts';
import type { ContainerdHost } from './containerd-host.ts';
import { dig, type CriTransport, type RawEvent } from './sequence.ts';

/**
 * The real side of the script: calls go to the private containerd over gRPC; what the kubelet
 * does on the node before them is done for real under the temp dir (the pod's log directory,
 * the container's log directory, the /etc/hosts file and the termination-log file it mounts),
 * and node paths in the requests are moved under it (`/var/log/pods/…` → `<work>/var/log/pods/…`);
 * normalize.ts moves them back. Waits poll ContainerStatus without recording it, as the
 * kubelet's relist would notice the change.
 */

/** After a call, the events stream must have been quiet this long before the next step. */
const QUIET_MS = 250;
const QUIET_MAX_MS = 5_000;
const WAIT_TIMEOUT_MS = 30_000;

const NODE_PREFIXES = ['/var/log/pods', '/var/lib/kubelet'];

/** The huge page sizes this node has, as the kubelet names them ("2MB", "1GB"; cadvisor's list). */
export function hostHugePageSizes(): string[] {
  if (!existsSync('/sys/kernel/mm/hugepages')) return [];
  return readdirSync('/sys/kernel/mm/hugepages')
    .map((d) => Number(/^hugepages-(\d+)kB$/.exec(d)?.[1] ?? NaN))
    .filter((kb) => Number.isFinite(kb))
    .sort((a, b) => a - b)
    .map((kb) => (kb >= 1024 * 1024 ? `${kb / 1024 / 1024}GB` : kb >= 1024 ? `${kb / 1024}MB` : `${kb}KB`));
}

/** ctr events' line: `<date> <time> +0000 UTC <namespace> <topic> <json>`. */
const EVENT_LINE = /^\S+ \S+ [+-]\d{4} \S+ (\S+) (\S+) (.*)$/;

export function parseCtrEvents(text: string): RawEvent[] {
  const out: RawEvent[] = [];
  for (const line of text.split('\n')) {
    const m = EVENT_LINE.exec(line);
    if (!m) continue;
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(m[3] as string) as Record<string, unknown>;
    } catch {
      payload = { raw: m[3] };
    }
    out.push({ namespace: m[1] as string, topic: m[2] as string, payload });
  }
  return out;
}

export class RealTransport implements CriTransport {
  private eventsRead = 0;
  private lastCallEnd = Date.now();
  private podIP = '';

  constructor(private readonly host: ContainerdHost) {
    // What the stream printed before (the subscription marker) is not the sequence's.
    this.eventsRead = host.events.stdout.lastIndexOf('\n') + 1;
  }

  async call(method: string, request: Record<string, unknown>): Promise<CallOutcome> {
    const sent = this.onNode(method, request);
    const outcome = await this.host.client.call(method, sent);
    if (method === 'PodSandboxStatus' && 'response' in outcome) {
      const ip = dig(outcome.response, 'status.network.ip');
      if (typeof ip === 'string' && ip) this.podIP = ip;
    }
    this.lastCallEnd = Date.now();
    await this.quiet();
    return outcome;
  }

  async waitForContainerState(containerId: string, state: string): Promise<void> {
    const until = Date.now() + WAIT_TIMEOUT_MS;
    for (;;) {
      const r = await this.host.client.call('ContainerStatus', { containerId, verbose: false });
      if ('response' in r && dig(r.response, 'status.state') === state) break;
      if (Date.now() > until) throw new Error(`container ${containerId} not ${state} within ${WAIT_TIMEOUT_MS} ms: ${JSON.stringify(r)}`);
      await sleep(50);
    }
    this.lastCallEnd = Date.now();
    await this.quiet();
  }

  async takeEvents(): Promise<RawEvent[]> {
    const text = this.host.events.stdout;
    const end = text.lastIndexOf('\n') + 1;
    const fresh = text.slice(this.eventsRead, end);
    this.eventsRead = end;
    return parseCtrEvents(fresh);
  }

  /** Waits until `ctr events` has printed nothing for QUIET_MS since the call ended. */
  private async quiet(): Promise<void> {
    const until = Date.now() + QUIET_MAX_MS;
    while (Date.now() < until) {
      const last = Math.max(this.lastCallEnd, this.host.events.lastOutputAt);
      if (Date.now() - last >= QUIET_MS) return;
      await sleep(25);
    }
  }

  /** The kubelet's node-side work before the call, and node paths moved under the temp dir. */
  private onNode(method: string, request: Record<string, unknown>): Record<string, unknown> {
    const sent = relocate(request, this.host.work) as Record<string, unknown>;
    if (method === 'RunPodSandbox') {
      mkdirSync(String(dig(sent, 'config.logDirectory')), { recursive: true });
    }
    if (method === 'CreateContainer') {
      const logDir = String(dig(sent, 'sandboxConfig.logDirectory'));
      const logPath = String(dig(sent, 'config.logPath'));
      mkdirSync(dirname(`${logDir}/${logPath}`), { recursive: true });
      const hostname = String(dig(sent, 'sandboxConfig.hostname') ?? '');
      for (const m of (dig(sent, 'config.mounts') ?? []) as { containerPath: string; hostPath: string }[]) {
        if (existsSync(m.hostPath)) continue;
        if (m.containerPath === '/etc/hosts') {
          mkdirSync(dirname(m.hostPath), { recursive: true });
          writeFileSync(m.hostPath, hostsFile(this.podIP, hostname));
        } else if (m.containerPath.startsWith('/dev/')) {
          // The termination-log file (kubelet: a fresh empty file per container instance).
          mkdirSync(dirname(m.hostPath), { recursive: true });
          writeFileSync(m.hostPath, '');
        } else {
          mkdirSync(m.hostPath, { recursive: true });
        }
      }
    }
    return sent;
  }
}

/** The kubelet's managed /etc/hosts (kubelet_pods.go managedHostsFileContent). */
function hostsFile(podIP: string, hostname: string): string {
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(podIP ? [`${podIP}\t${hostname}`] : []),
    '',
  ].join('\n');
}

function relocate(value: unknown, work: string): unknown {
  if (typeof value === 'string') return NODE_PREFIXES.some((p) => value === p || value.startsWith(`${p}/`)) ? `${work}${value}` : value;
  if (Array.isArray(value)) return value.map((v) => relocate(v, work));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relocate(v, work)]));
  return value;
}
