import type { Rng } from '../../../base/rng.ts';

/**
 * Exec, Attach and PortForward: containerd does not stream through the CRI call; it answers the
 * URL of its streaming server (k8s.io/kubelet/pkg/cri/streaming server.go GetExec / GetAttach /
 * GetPortForward, mounted by internal/cri/server/streaming.go) and the kubelet (or crictl)
 * connects there. The server listens on stream_server_address 127.0.0.1, stream_server_port "0":
 * a free port the kernel picks once at startup. Each request gets a one-time token of 8
 * characters (request_cache.go: 6 random bytes, base64 RawURLEncoding).
 */

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A port from the kernel's ephemeral range (net.ipv4.ip_local_port_range 32768–60999). */
export function streamServerPort(rng: Rng): number {
  return 32768 + rng.int(60999 - 32768 + 1);
}

export function streamToken(rng: Rng): string {
  let t = '';
  for (let i = 0; i < 8; i++) t += URL_SAFE[rng.int(64)] as string;
  return t;
}

/**
 * streaming/server.go validation of an Exec/Attach request: one of the streams must be asked
 * for, and a TTY carries stderr on stdout.
 */
export function streamRequestError(req: { stdin?: boolean; stdout?: boolean; stderr?: boolean; tty?: boolean }): string | undefined {
  if (!req.stdin && !req.stdout && !req.stderr) return 'rpc error: code = InvalidArgument desc = one of stdin, stdout, or stderr must be set';
  if (req.tty && req.stderr) return 'rpc error: code = InvalidArgument desc = tty and stderr cannot both be true';
  return undefined;
}

export function streamUrl(port: number, method: 'exec' | 'attach' | 'portforward', token: string): string {
  return `http://127.0.0.1:${port}/${method}/${token}`;
}
