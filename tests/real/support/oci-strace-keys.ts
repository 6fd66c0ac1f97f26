import type { RuncStep } from '../../../src/domain/oci/runc-steps.ts';
import type { SyscallLine } from './strace.ts';

/**
 * The system calls the strace order test compares, one short key each, the same on both sides:
 * the namespace calls (clone with CLONE_NEW* or CLONE_PARENT, unshare, setns), every successful
 * mount and umount2, pivot_root, sethostname, execve and execveat. A key keeps what tells the
 * calls apart and drops what cannot be compared: pids, fds, the targets of mount (runc and crun
 * mount through /proc/self/fd/N, the model names the path), mount data, pointers strace prints
 * for ignored arguments. Failed calls are left out on both sides (the real ones depend on the
 * host's /proc and mount table, which the model gets as facts instead).
 */

export const TRACED_SYSCALLS = 'clone,clone3,unshare,setns,mount,umount2,pivot_root,sethostname,execve,execveat';

/** Split `"a", ["b", "c"], {x=1, y=2}, 0) = 0` into top-level arguments and the result. */
export function splitStraceArgs(rest: string): { args: string[]; result: string } {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i] as string;
    if (quoted) {
      cur += ch;
      if (ch === '\\') {
        cur += rest[i + 1] ?? '';
        i++;
      } else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    if (ch === '[' || ch === '{' || ch === '(') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ')' && depth === 0) {
      args.push(cur.trim());
      const m = /^\)\s*=\s*(.*)$/.exec(rest.slice(i));
      return { args: args.filter((a, k) => a !== '' || k > 0), result: m?.[1] ?? '' };
    }
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  return { args, result: '' };
}

/** A quoted strace string ("a\nb") as text; anything else as is. */
function unquote(arg: string): string {
  if (!arg.startsWith('"')) return arg;
  try {
    return JSON.parse(arg.replace(/\.\.\.$/, '')) as string;
  } catch {
    return arg.slice(1, -1);
  }
}

function argvOf(arg: string): string[] {
  const inner = arg.replace(/^\[/, '').replace(/\]$/, '');
  return splitStraceArgs(`${inner})`).args.map(unquote);
}

function nsFlags(flags: string): string {
  return flags
    .split('|')
    .filter((f) => f.startsWith('CLONE_NEW') || f === 'CLONE_PARENT')
    .join('|');
}

const mountSource = (s: string): string => (s === '' || s === 'NULL' ? '-' : /^\/proc\/self\/fd\/\d+$/.test(s) ? '<fd>' : s);
const mountFstype = (s: string): string => (s === '' || s === 'NULL' || s === 'bind' || /^0x[0-9a-f]+$/.test(s) ? '-' : s);
const mountFlags = (s: string): string => (s === '' ? '0' : s);

/** Keys of real strace lines (already merged, in order; the invocations' own execve removed). */
export function straceKeys(lines: readonly SyscallLine[], norm: (s: string) => string): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const { args, result } = splitStraceArgs(l.rest);
    if (result.startsWith('-1') || result.startsWith('?')) continue;
    const a = args.map(unquote);
    switch (l.syscall) {
      case 'clone':
      case 'clone3': {
        const f = nsFlags(/flags=([A-Z_|0-9]+)/.exec(l.rest)?.[1] ?? '');
        if (f) out.push(`clone ${f}`);
        break;
      }
      case 'unshare':
        out.push(`unshare ${a[0]}`);
        break;
      case 'setns':
        out.push(`setns ${a[1]}`);
        break;
      case 'mount':
        out.push(`mount ${norm(mountSource(a[0] ?? ''))} ${mountFstype(a[2] ?? '')} ${mountFlags(a[3] ?? '')}`);
        break;
      case 'umount2':
        out.push(`umount2 ${norm(a[0] ?? '')} ${a[1]}`);
        break;
      case 'pivot_root':
        out.push(`pivot_root ${a[0]} ${a[1]}`);
        break;
      case 'sethostname':
        out.push(`sethostname ${a[0]}`);
        break;
      case 'execve':
        out.push(`execve ${norm(a[0] ?? '')} ${norm(argvOf(args[1] ?? '[]').join(' '))}`);
        break;
      case 'execveat':
        out.push(`execveat ${norm(argvOf(args[2] ?? '[]').join(' '))}`);
        break;
    }
  }
  return out;
}

/** Keys of the model's steps; the runtime CLI's own execve (the caller's exec of runc/crun) is left out. */
export function modelKeys(steps: readonly RuncStep[], norm: (s: string) => string): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const a = s.attrs;
    if (typeof a['result'] === 'string' && a['result'].startsWith('-1')) continue;
    const str = (k: string) => String(a[k] ?? '');
    switch (s.op) {
      case 'clone': {
        const f = nsFlags(str('flags'));
        if (f) out.push(`clone ${f}`);
        break;
      }
      case 'unshare':
        out.push(`unshare ${str('flags')}`);
        break;
      case 'setns':
        out.push(`setns ${str('nstype')}`);
        break;
      case 'mount':
        out.push(`mount ${a['sourceFd'] ? '<fd>' : norm(mountSource(str('source')))} ${mountFstype(str('fstype'))} ${mountFlags(str('flags'))}`);
        break;
      case 'umount2':
        out.push(`umount2 ${norm(str('target'))} ${str('flags')}`);
        break;
      case 'pivot_root':
        out.push(`pivot_root ${str('new_root')} ${str('put_old')}`);
        break;
      case 'sethostname':
        out.push(`sethostname ${str('name')}`);
        break;
      case 'execve':
        if (/^(runc|crun) (create|start)$/.test(s.proc)) break;
        out.push(`execve ${norm(str('filename'))} ${norm(((a['argv'] as string[] | undefined) ?? []).join(' '))}`);
        break;
      case 'execveat':
        out.push(`execveat ${norm(((a['argv'] as string[] | undefined) ?? []).join(' '))}`);
        break;
    }
  }
  return out;
}

/**
 * Whether `needle` is a subsequence of `hay`, and where the first key of `needle` that could
 * not be placed is (for the failure message).
 */
export function subsequence(needle: readonly string[], hay: readonly string[]): { ok: boolean; missing?: { index: number; key: string; after?: string } } {
  let j = 0;
  for (let i = 0; i < needle.length; i++) {
    while (j < hay.length && hay[j] !== needle[i]) j++;
    if (j === hay.length) return { ok: false, missing: { index: i, key: needle[i] as string, ...(i > 0 ? { after: needle[i - 1] as string } : {}) } };
    j++;
  }
  return { ok: true };
}
