/**
 * config.json validation against the OCI runtime spec's documented fields (runtime-spec 6999a89,
 * after v1.3.0, the version DOMAIN.md section 0 names): config.md (ociVersion, root, mounts,
 * process, hostname, hooks, annotations), config-linux.md (namespaces, id mappings, devices,
 * resources, sysctl, seccomp, rootfsPropagation, masked/readonly paths) and
 * schema/config-schema.json, config-linux.json, defs.json, defs-linux.json (the types: uint32,
 * int64, the enums). Each violation names the JSON path and the rule it breaks.
 *
 * `runcSpecError` is the separate question of what runc itself refuses and how it says it: runc
 * is more lenient than the spec in places (unknown capabilities are only warned about, relative
 * mount destinations only warned about), so it reports a subset, with its own texts.
 */

/** One broken rule: where (a JSON path like `linux.namespaces[2].type`) and which rule. */
export interface SpecViolation {
  path: string;
  rule: string;
  message: string;
}

type Json = Record<string, unknown>;

/** config-linux.md Namespaces: the eight types. */
export const NAMESPACE_TYPES: readonly string[] = ['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time'];

/** config.md POSIX process rlimits: the RLIMIT_* names of getrlimit(2) (runc strToRlimit's table). */
export const RLIMIT_TYPES: readonly string[] = [
  'RLIMIT_AS', 'RLIMIT_CORE', 'RLIMIT_CPU', 'RLIMIT_DATA', 'RLIMIT_FSIZE', 'RLIMIT_LOCKS', 'RLIMIT_MEMLOCK', 'RLIMIT_MSGQUEUE',
  'RLIMIT_NICE', 'RLIMIT_NOFILE', 'RLIMIT_NPROC', 'RLIMIT_RSS', 'RLIMIT_RTPRIO', 'RLIMIT_RTTIME', 'RLIMIT_SIGPENDING', 'RLIMIT_STACK',
];

/** capabilities(7) names, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40), as config.md's capabilities lists spell them. */
export const CAPABILITY_NAMES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** config-linux.md rootfsPropagation (config-linux.json: private, shared, slave, unbindable). */
const ROOTFS_PROPAGATION = ['private', 'shared', 'slave', 'unbindable'];
/** config-linux.md Seccomp actions (defs-linux.json SeccompAction). */
const SECCOMP_ACTIONS = ['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP', 'SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY'];
/** config-linux.md Devices: type c, b, u or p. */
const DEVICE_TYPES = ['c', 'b', 'u', 'p'];
/** config.md POSIX-platform Hooks. */
const HOOK_KINDS = ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'];
/** SemVer 2.0.0 (config.md ociVersion: "MUST be in SemVer v2.0.0 format"). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const UINT32_MAX = 4_294_967_295;

class Checker {
  readonly out: SpecViolation[] = [];

  add(path: string, rule: string, message: string): void {
    this.out.push({ path, rule, message: `${path}: ${message} (${rule})` });
  }

  object(v: unknown, path: string, rule: string): v is Json {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
    this.add(path, rule, 'must be an object');
    return false;
  }

  string(v: unknown, path: string, rule: string): v is string {
    if (typeof v === 'string') return true;
    this.add(path, rule, 'must be a string');
    return false;
  }

  bool(v: unknown, path: string, rule: string): void {
    if (typeof v !== 'boolean') this.add(path, rule, 'must be a boolean');
  }

  array(v: unknown, path: string, rule: string): v is unknown[] {
    if (Array.isArray(v)) return true;
    this.add(path, rule, 'must be an array');
    return false;
  }

  strings(v: unknown, path: string, rule: string): v is string[] {
    if (!this.array(v, path, rule)) return false;
    let ok = true;
    v.forEach((s, i) => {
      if (typeof s !== 'string') {
        this.add(`${path}[${i}]`, rule, 'must be a string');
        ok = false;
      }
    });
    return ok;
  }

  /** An integer in [min, max] (defs.json uint32/uint64/int64/int32 and their ranges). */
  int(v: unknown, path: string, rule: string, min: number, max: number, type: string): void {
    if (typeof v !== 'number' || !Number.isInteger(v)) this.add(path, rule, `must be an integer (${type})`);
    else if (v < min || v > max) this.add(path, rule, `${v} is out of range for ${type}`);
  }

  uint32(v: unknown, path: string, rule: string): void {
    this.int(v, path, rule, 0, UINT32_MAX, 'uint32');
  }

  uint64(v: unknown, path: string, rule: string): void {
    this.int(v, path, rule, 0, Number.MAX_SAFE_INTEGER, 'uint64');
  }

  int64(v: unknown, path: string, rule: string): void {
    this.int(v, path, rule, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'int64');
  }

  absolute(v: unknown, path: string, rule: string): void {
    if (this.string(v, path, rule) && !v.startsWith('/')) this.add(path, rule, `"${v}" is not an absolute path`);
  }

  oneOf(v: unknown, path: string, rule: string, allowed: readonly string[]): void {
    if (this.string(v, path, rule) && !allowed.includes(v)) this.add(path, rule, `"${v}" is not one of ${allowed.join(', ')}`);
  }

  stringMap(v: unknown, path: string, rule: string): void {
    if (!this.object(v, path, rule)) return;
    for (const [k, val] of Object.entries(v)) {
      if (k === '') this.add(path, rule, 'keys must not be empty');
      if (typeof val !== 'string') this.add(`${path}.${k}`, rule, 'must be a string');
    }
  }

  /** Only the listed fields, each checked by its own function; a missing required one is reported. */
  fields(v: Json, path: string, checks: Record<string, (x: unknown, p: string) => void>, required: readonly string[], rule: string): void {
    for (const r of required) if (v[r] === undefined) this.add(join(path, r), rule, 'is required');
    for (const [k, check] of Object.entries(checks)) if (v[k] !== undefined) check(v[k], join(path, k));
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Every rule of the runtime spec the config breaks, in document order (config.md, then
 * config-linux.md); empty when it is valid.
 */
export function validateSpec(spec: unknown): SpecViolation[] {
  const c = new Checker();
  if (!c.object(spec, '$', 'config.md')) return c.out;
  if (spec.ociVersion === undefined) c.add('ociVersion', 'config.md Specification version', 'is required');
  else if (c.string(spec.ociVersion, 'ociVersion', 'config.md Specification version') && !SEMVER.test(spec.ociVersion)) {
    c.add('ociVersion', 'config.md Specification version', `"${spec.ociVersion}" is not SemVer v2.0.0`);
  }
  if (spec.root !== undefined && c.object(spec.root, 'root', 'config.md Root')) {
    c.fields(spec.root, 'root', { path: (v, p) => c.string(v, p, 'config.md Root'), readonly: (v, p) => c.bool(v, p, 'config.md Root') }, ['path'], 'config.md Root');
  }
  if (spec.mounts !== undefined && c.array(spec.mounts, 'mounts', 'config.md Mounts')) spec.mounts.forEach((m, i) => checkMount(c, m, `mounts[${i}]`));
  if (spec.process !== undefined) checkProcess(c, spec.process);
  for (const k of ['hostname', 'domainname']) if (spec[k] !== undefined) c.string(spec[k], k, `config.md ${k === 'hostname' ? 'Hostname' : 'Domainname'}`);
  if (spec.hooks !== undefined) checkHooks(c, spec.hooks);
  if (spec.annotations !== undefined) c.stringMap(spec.annotations, 'annotations', 'config.md Annotations');
  if (spec.linux !== undefined) checkLinux(c, spec.linux);
  return c.out;
}

function idMappings(c: Checker, v: unknown, path: string, rule: string): void {
  if (!c.array(v, path, rule)) return;
  v.forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!c.object(m, p, rule)) return;
    const u = (x: unknown, q: string): void => c.uint32(x, q, rule);
    c.fields(m, p, { containerID: u, hostID: u, size: u }, ['containerID', 'hostID', 'size'], rule);
  });
}

function checkMount(c: Checker, m: unknown, path: string): void {
  const rule = 'config.md Mounts';
  if (!c.object(m, path, rule)) return;
  c.fields(m, path, {
    destination: (v, p) => c.absolute(v, p, rule),
    source: (v, p) => c.string(v, p, rule),
    type: (v, p) => c.string(v, p, rule),
    options: (v, p) => c.strings(v, p, rule),
    uidMappings: (v, p) => idMappings(c, v, p, rule),
    gidMappings: (v, p) => idMappings(c, v, p, rule),
  }, ['destination'], rule);
}

function checkProcess(c: Checker, process: unknown): void {
  const rule = 'config.md Process';
  if (!c.object(process, 'process', rule)) return;
  c.fields(process, 'process', {
    terminal: (v, p) => c.bool(v, p, rule),
    consoleSize: (v, p) => {
      if (c.object(v, p, rule)) c.fields(v, p, { height: (x, q) => c.uint32(x, q, rule), width: (x, q) => c.uint32(x, q, rule) }, ['height', 'width'], rule);
    },
    cwd: (v, p) => c.absolute(v, p, rule),
    env: (v, p) => {
      if (!c.strings(v, p, rule)) return;
      v.forEach((e, i) => {
        if (!e.includes('=')) c.add(`${p}[${i}]`, rule, `"${e}" is not in the form KEY=value`);
      });
    },
    args: (v, p) => {
      if (c.strings(v, p, rule) && v.length === 0) c.add(p, rule, 'must have at least one entry on POSIX platforms');
    },
    user: (v, p) => {
      const r = 'config.md POSIX-platform User';
      if (!c.object(v, p, r)) return;
      c.fields(v, p, {
        uid: (x, q) => c.uint32(x, q, r),
        gid: (x, q) => c.uint32(x, q, r),
        umask: (x, q) => c.uint32(x, q, r),
        additionalGids: (x, q) => {
          if (c.array(x, q, r)) x.forEach((g, i) => c.uint32(g, `${q}[${i}]`, r));
        },
      }, ['uid', 'gid'], r);
    },
    capabilities: (v, p) => {
      const r = 'config.md Linux process capabilities';
      if (!c.object(v, p, r)) return;
      for (const [set, names] of Object.entries(v)) {
        if (!['bounding', 'effective', 'inheritable', 'permitted', 'ambient'].includes(set)) {
          c.add(`${p}.${set}`, r, 'is not a capability set (bounding, effective, inheritable, permitted, ambient)');
          continue;
        }
        if (!c.strings(names, `${p}.${set}`, r)) continue;
        names.forEach((n, i) => {
          if (!CAPABILITY_NAMES.includes(n)) c.add(`${p}.${set}[${i}]`, r, `"${n}" is not a capability name`);
        });
      }
    },
    rlimits: (v, p) => {
      const r = 'config.md POSIX process rlimits';
      if (!c.array(v, p, r)) return;
      const seen = new Set<string>();
      v.forEach((l, i) => {
        const q = `${p}[${i}]`;
        if (!c.object(l, q, r)) return;
        c.fields(l, q, { type: (x, s) => c.oneOf(x, s, r, RLIMIT_TYPES), soft: (x, s) => c.uint64(x, s, r), hard: (x, s) => c.uint64(x, s, r) }, ['type', 'soft', 'hard'], r);
        if (typeof l.type === 'string') {
          if (seen.has(l.type)) c.add(`${q}.type`, r, `${l.type} is given more than once`);
          seen.add(l.type);
        }
      });
    },
    noNewPrivileges: (v, p) => c.bool(v, p, rule),
    apparmorProfile: (v, p) => c.string(v, p, rule),
    selinuxLabel: (v, p) => c.string(v, p, rule),
    oomScoreAdj: (v, p) => c.int(v, p, 'config.md Process', -1000, 1000, 'oom_score_adj'),
  }, ['cwd'], rule);
}

function checkHooks(c: Checker, hooks: unknown): void {
  const rule = 'config.md POSIX-platform Hooks';
  if (!c.object(hooks, 'hooks', rule)) return;
  for (const [kind, list] of Object.entries(hooks)) {
    const p = `hooks.${kind}`;
    if (!HOOK_KINDS.includes(kind)) {
      c.add(p, rule, `is not a hook (${HOOK_KINDS.join(', ')})`);
      continue;
    }
    if (!c.array(list, p, rule)) continue;
    list.forEach((h, i) => {
      const q = `${p}[${i}]`;
      if (!c.object(h, q, rule)) return;
      c.fields(h, q, {
        path: (v, s) => c.absolute(v, s, rule),
        args: (v, s) => c.strings(v, s, rule),
        env: (v, s) => c.strings(v, s, rule),
        timeout: (v, s) => c.int(v, s, rule, 1, Number.MAX_SAFE_INTEGER, 'a positive integer'),
      }, ['path'], rule);
    });
  }
}

function checkLinux(c: Checker, linux: unknown): void {
  const rule = 'config-linux.md';
  if (!c.object(linux, 'linux', rule)) return;
  c.fields(linux, 'linux', {
    namespaces: (v, p) => {
      const r = 'config-linux.md Namespaces';
      if (!c.array(v, p, r)) return;
      const seen = new Set<string>();
      v.forEach((ns, i) => {
        const q = `${p}[${i}]`;
        if (!c.object(ns, q, r)) return;
        c.fields(ns, q, { type: (x, s) => c.oneOf(x, s, r, NAMESPACE_TYPES), path: (x, s) => c.absolute(x, s, r) }, ['type'], r);
        if (typeof ns.type === 'string') {
          if (seen.has(ns.type)) c.add(`${q}.type`, r, `duplicate namespace type "${ns.type}"`);
          seen.add(ns.type);
        }
      });
    },
    uidMappings: (v, p) => idMappings(c, v, p, 'config-linux.md User namespace mappings'),
    gidMappings: (v, p) => idMappings(c, v, p, 'config-linux.md User namespace mappings'),
    devices: (v, p) => {
      const r = 'config-linux.md Devices';
      if (!c.array(v, p, r)) return;
      v.forEach((d, i) => {
        const q = `${p}[${i}]`;
        if (!c.object(d, q, r)) return;
        c.fields(d, q, { type: (x, s) => c.oneOf(x, s, r, DEVICE_TYPES), path: (x, s) => c.absolute(x, s, r), major: (x, s) => c.int64(x, s, r), minor: (x, s) => c.int64(x, s, r), fileMode: (x, s) => c.uint32(x, s, r), uid: (x, s) => c.uint32(x, s, r), gid: (x, s) => c.uint32(x, s, r) }, ['type', 'path'], r);
        if ((d.type === 'c' || d.type === 'b' || d.type === 'u') && (d.major === undefined || d.minor === undefined)) c.add(q, r, `major and minor are required for a device of type ${String(d.type)}`);
      });
    },
    cgroupsPath: (v, p) => c.string(v, p, 'config-linux.md Cgroups path'),
    resources: (v, p) => checkResources(c, v, p),
    sysctl: (v, p) => c.stringMap(v, p, 'config-linux.md Sysctl'),
    seccomp: (v, p) => {
      const r = 'config-linux.md Seccomp';
      if (!c.object(v, p, r)) return;
      c.fields(v, p, {
        defaultAction: (x, s) => c.oneOf(x, s, r, SECCOMP_ACTIONS),
        defaultErrnoRet: (x, s) => c.uint32(x, s, r),
        architectures: (x, s) => c.strings(x, s, r),
        syscalls: (x, s) => {
          if (!c.array(x, s, r)) return;
          x.forEach((sc, i) => {
            const q = `${s}[${i}]`;
            if (!c.object(sc, q, r)) return;
            c.fields(sc, q, { names: (n, t) => { if (c.strings(n, t, r) && n.length === 0) c.add(t, r, 'must have at least one entry'); }, action: (a, t) => c.oneOf(a, t, r, SECCOMP_ACTIONS), errnoRet: (e, t) => c.uint32(e, t, r), args: (a, t) => c.array(a, t, r) }, ['names', 'action'], r);
          });
        },
      }, ['defaultAction'], r);
    },
    rootfsPropagation: (v, p) => c.oneOf(v, p, 'config-linux.md Rootfs Mount Propagation', ROOTFS_PROPAGATION),
    maskedPaths: (v, p) => absolutes(c, v, p, 'config-linux.md Masked Paths'),
    readonlyPaths: (v, p) => absolutes(c, v, p, 'config-linux.md Readonly Paths'),
    mountLabel: (v, p) => c.string(v, p, 'config-linux.md Mount Label'),
  }, [], rule);
}

function absolutes(c: Checker, v: unknown, path: string, rule: string): void {
  if (c.strings(v, path, rule)) v.forEach((s, i) => c.absolute(s, `${path}[${i}]`, rule));
}

function checkResources(c: Checker, res: unknown, path: string): void {
  if (!c.object(res, path, 'config-linux.md Control groups')) return;
  const i64 = (r: string) => (v: unknown, p: string): void => c.int64(v, p, r);
  const u64 = (r: string) => (v: unknown, p: string): void => c.uint64(v, p, r);
  const bool = (r: string) => (v: unknown, p: string): void => c.bool(v, p, r);
  const mem = 'config-linux.md Memory';
  const cpu = 'config-linux.md CPU';
  c.fields(res, path, {
    devices: (v, p) => {
      const r = 'config-linux.md Allowed Device list';
      if (!c.array(v, p, r)) return;
      v.forEach((d, i) => {
        const q = `${p}[${i}]`;
        if (!c.object(d, q, r)) return;
        c.fields(d, q, { allow: bool(r), type: (x, s) => c.oneOf(x, s, r, ['a', 'c', 'b']), major: i64(r), minor: i64(r), access: (x, s) => { if (c.string(x, s, r) && !/^[rwm]+$/.test(x)) c.add(s, r, `"${x}" is not a combination of r, w and m`); } }, ['allow'], r);
      });
    },
    memory: (v, p) => {
      if (c.object(v, p, mem)) c.fields(v, p, { limit: i64(mem), reservation: i64(mem), swap: i64(mem), kernel: i64(mem), kernelTCP: i64(mem), swappiness: (x, s) => c.int(x, s, mem, 0, 100, 'swappiness 0-100'), disableOOMKiller: bool(mem), useHierarchy: bool(mem), checkBeforeUpdate: bool(mem) }, [], mem);
    },
    cpu: (v, p) => {
      if (c.object(v, p, cpu)) c.fields(v, p, { shares: u64(cpu), quota: i64(cpu), burst: u64(cpu), period: u64(cpu), realtimeRuntime: i64(cpu), realtimePeriod: u64(cpu), cpus: (x, s) => c.string(x, s, cpu), mems: (x, s) => c.string(x, s, cpu), idle: i64(cpu) }, [], cpu);
    },
    pids: (v, p) => {
      const r = 'config-linux.md pids';
      if (c.object(v, p, r)) c.fields(v, p, { limit: i64(r) }, ['limit'], r);
    },
    blockIO: (v, p) => {
      const r = 'config-linux.md Block IO';
      if (c.object(v, p, r)) c.fields(v, p, { weight: (x, s) => c.int(x, s, r, 10, 1000, 'weight 10-1000'), leafWeight: (x, s) => c.int(x, s, r, 10, 1000, 'weight 10-1000'), weightDevice: (x, s) => c.array(x, s, r), throttleReadBpsDevice: (x, s) => c.array(x, s, r), throttleWriteBpsDevice: (x, s) => c.array(x, s, r), throttleReadIOPSDevice: (x, s) => c.array(x, s, r), throttleWriteIOPSDevice: (x, s) => c.array(x, s, r) }, [], r);
    },
    hugepageLimits: (v, p) => {
      const r = 'config-linux.md Huge page limits';
      if (!c.array(v, p, r)) return;
      v.forEach((h, i) => {
        const q = `${p}[${i}]`;
        if (c.object(h, q, r)) c.fields(h, q, { pageSize: (x, s) => { if (c.string(x, s, r) && !/^\d+[KMG]B$/.test(x)) c.add(s, r, `"${x}" is not a page size like 2MB`); }, limit: u64(r) }, ['pageSize', 'limit'], r);
      });
    },
    network: (v, p) => {
      const r = 'config-linux.md Network';
      if (c.object(v, p, r)) c.fields(v, p, { classID: (x, s) => c.uint32(x, s, r), priorities: (x, s) => c.array(x, s, r) }, [], r);
    },
    rdma: (v, p) => c.object(v, p, 'config-linux.md RDMA'),
    unified: (v, p) => c.stringMap(v, p, 'config-linux.md Unified'),
  }, [], 'config-linux.md Control groups');
}

/** Go's %q of a specs.LinuxNamespace struct: `{"pid" ""}`. */
function goQuoteNamespace(ns: Json): string {
  return `{${JSON.stringify(String(ns.type ?? ''))} ${JSON.stringify(String(ns.path ?? ''))}}`;
}

/**
 * The error runc reports for a config it refuses, or undefined when runc accepts it. In runc's
 * order: setupSpec's validateProcessSpec (utils_linux.go: process, cwd, args), then
 * specconv.CreateLibcontainerConfig (libcontainer/specconv/spec_linux.go: root, mounts with a
 * null byte, the systemd cgroupsPath format, rootfsPropagation, namespaces unknown or
 * duplicated), then the rlimits of the init process (strToRlimit: "wrong rlimit value").
 * runc itself prefixes it with `runc create failed: ` on stderr.
 */
export function runcSpecError(spec: unknown, opts: { systemdCgroup: boolean }): string | undefined {
  if (spec === null || typeof spec !== 'object') return 'JSON specification file config.json not found';
  const s = spec as Json;
  const process = s.process as Json | undefined;
  if (!process || typeof process !== 'object') return 'process property must not be empty';
  if (typeof process.cwd !== 'string' || process.cwd === '') return 'Cwd property must not be empty';
  if (!process.cwd.startsWith('/')) return 'Cwd must be an absolute path';
  if (!Array.isArray(process.args) || process.args.length === 0) return 'args must not be empty';
  if (!s.root || typeof s.root !== 'object') return 'root must be specified';
  for (const m of (Array.isArray(s.mounts) ? s.mounts : []) as Json[]) {
    if ([m.source, m.destination, m.type].some((f) => typeof f === 'string' && f.includes('\0'))) return `invalid mount ${JSON.stringify(m)}: mount field contains null byte`;
  }
  const linux = (s.linux ?? {}) as Json;
  const cgroupsPath = typeof linux.cgroupsPath === 'string' ? linux.cgroupsPath : '';
  if (opts.systemdCgroup && cgroupsPath !== '' && cgroupsPath.split(':').length !== 3) {
    return `expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got ${JSON.stringify(cgroupsPath)} instead`;
  }
  if (typeof linux.rootfsPropagation === 'string' && linux.rootfsPropagation !== '') {
    // specconv's mountPropagationMapping also takes the r-prefixed and empty forms.
    const known = ['rprivate', 'private', 'rslave', 'slave', 'rshared', 'shared', 'runbindable', 'unbindable'];
    if (!known.includes(linux.rootfsPropagation)) return `rootfsPropagation=${linux.rootfsPropagation} is not supported`;
  }
  const seen = new Set<string>();
  for (const ns of (Array.isArray(linux.namespaces) ? linux.namespaces : []) as Json[]) {
    const type = String(ns.type ?? '');
    if (!NAMESPACE_TYPES.includes(type)) return `namespace ${goQuoteNamespace(ns)} does not exist`;
    if (seen.has(type)) return `malformed spec file: duplicated ns ${goQuoteNamespace(ns)}`;
    seen.add(type);
  }
  for (const rl of (Array.isArray(process.rlimits) ? process.rlimits : []) as Json[]) {
    if (!RLIMIT_TYPES.includes(String(rl.type))) return `wrong rlimit value: ${String(rl.type)}`;
  }
  return undefined;
}
