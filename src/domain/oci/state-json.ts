/**
 * What `runc state <id>` and `crun state <id>` print (runtime-spec runtime.md State, plus each
 * runtime's own fields), byte for byte.
 *
 * runc 1.1.5 (state.go containerState, json.MarshalIndent with two spaces, no newline at the
 * end): ociVersion (the spec version runc vendors, 1.0.2-dev), id, pid (0 once stopped),
 * status, bundle, rootfs, created (RFC 3339 with nanoseconds), annotations (only when there
 * are some), owner ("" for root).
 *
 * crun 1.8.1 (src/libcrun/container.c libcrun_container_state, yajl with beautify: four
 * spaces, then printed with a newline after yajl's own): ociVersion "1.0.0", id, pid (0 once
 * stopped), status, bundle, rootfs, created (microseconds), systemd-scope (empty with the
 * cgroupfs manager), owner (the user name, root), then the config's annotations.
 */
import { unixSecondsToIso } from '../../base/time.ts';
import type { OciRuntimeFlavour, OciStatus } from './lifecycle.ts';

export interface OciStateFacts {
  id: string;
  status: OciStatus;
  pid?: number;
  bundle: string;
  /** The rootfs path; default <bundle>/rootfs. */
  rootfs?: string;
  /** Already formatted (see ociCreatedTime). */
  created: string;
  annotations?: Record<string, string>;
  ociVersion?: string;
  /** crun: the systemd scope of the container ("" with cgroupfs). */
  systemdScope?: string;
  /** crun: the owner's user name (default root). */
  owner?: string;
}

function livePid(f: OciStateFacts): number {
  const live = f.status === 'created' || f.status === 'running' || f.status === 'paused';
  return live ? (f.pid ?? 0) : 0;
}

/** `runc state` as an object, fields in runc's order. */
export function ociStateJson(f: OciStateFacts): Record<string, unknown> {
  return {
    ociVersion: f.ociVersion ?? '1.0.2-dev',
    id: f.id,
    pid: livePid(f),
    status: f.status,
    bundle: f.bundle,
    rootfs: f.rootfs ?? `${f.bundle}/rootfs`,
    created: f.created,
    ...(f.annotations && Object.keys(f.annotations).length > 0 ? { annotations: f.annotations } : {}),
    owner: '',
  };
}

/** `crun state` as an object, fields in crun's order. */
export function crunStateJson(f: OciStateFacts): Record<string, unknown> {
  return {
    ociVersion: f.ociVersion ?? '1.0.0',
    id: f.id,
    pid: livePid(f),
    status: f.status,
    bundle: f.bundle,
    rootfs: f.rootfs ?? `${f.bundle}/rootfs`,
    created: f.created,
    'systemd-scope': f.systemdScope ?? '',
    owner: f.owner ?? 'root',
    ...(f.annotations && Object.keys(f.annotations).length > 0 ? { annotations: f.annotations } : {}),
  };
}

/** The exact standard output of `<runtime> state <id>`. */
export function ociStateText(flavour: OciRuntimeFlavour, f: OciStateFacts): string {
  if (flavour === 'crun') return `${JSON.stringify(crunStateJson(f), null, 4)}\n\n`;
  return goJson(JSON.stringify(ociStateJson(f), null, 2));
}

/** Go's encoding/json escapes <, > and & (HTML-safe by default); JSON.stringify does not. */
export function goJson(text: string): string {
  return text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * `created` as each runtime writes it, from Unix time in µs: runc's Go time.Time in RFC 3339
 * with nanoseconds (trailing zeros dropped, as RFC3339Nano does; the model's clock stops at
 * µs), crun's strftime with six digits of microseconds.
 */
export function ociCreatedTime(flavour: OciRuntimeFlavour, unixMicros: number): string {
  const seconds = Math.floor(unixMicros / 1_000_000);
  const micros = unixMicros - seconds * 1_000_000;
  const base = unixSecondsToIso(seconds);
  const frac = String(micros).padStart(6, '0');
  if (flavour === 'crun') return `${base}.${frac}Z`;
  const nanos = `${frac}000`.replace(/0+$/, '');
  return nanos ? `${base}.${nanos}Z` : `${base}Z`;
}
