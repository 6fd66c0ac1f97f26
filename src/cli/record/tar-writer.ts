import { createReadStream, createWriteStream, readdirSync, renameSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Packs a bundle folder into `<out>.tar.gz`: POSIX ustar members (what `tar --format=ustar`
 * writes), gzip from Node's zlib. Written to `<out>.tmp` and renamed, like the traces.
 * ustar is enough for bundles: their paths are short and no file reaches 8 GiB; longer paths
 * are refused rather than written in a form a reader might not know.
 */
export async function writeTarGz(dir: string, out: string, topFolder: string, mtime = Math.floor(Date.now() / 1000)): Promise<void> {
  const tmp = `${out}.tmp`;
  await pipeline(tarStream(dir, topFolder, mtime), createGzip(), createWriteStream(tmp));
  renameSync(tmp, out);
}

async function* tarStream(dir: string, topFolder: string, mtime: number): AsyncGenerator<Uint8Array> {
  yield ustarHeader(`${topFolder}/`, 0, mtime, 0o755, '5');
  for (const file of listFiles(dir)) {
    const rel = relative(dir, file).split('\\').join('/');
    const size = statSync(file).size;
    yield ustarHeader(`${topFolder}/${rel}`, size, mtime, 0o644, '0');
    let written = 0;
    for await (const chunk of createReadStream(file)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== size) throw new Error(`${file} changed while it was packed (${size} bytes expected, ${written} read)`);
    const pad = (512 - (size % 512)) % 512;
    if (pad > 0) yield new Uint8Array(pad);
  }
  yield new Uint8Array(1024); // two zero blocks: the end of the archive
}

/** Every regular file under `dir`, folders first-level order, names sorted (reproducible archives). */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** One 512-byte ustar header. */
export function ustarHeader(path: string, size: number, mtime: number, mode: number, typeflag: '0' | '5'): Uint8Array {
  const h = new Uint8Array(512);
  const enc = new TextEncoder();
  let name = enc.encode(path);
  let prefix = new Uint8Array(0);
  if (name.length > 100) {
    // ustar splits at a "/": prefix (up to 155 bytes) + "/" + name (up to 100 bytes).
    const cut = path.lastIndexOf('/', 155);
    const head = cut > 0 ? enc.encode(path.slice(0, cut)) : new Uint8Array(999);
    const tail = cut > 0 ? enc.encode(path.slice(cut + 1)) : name;
    if (head.length > 155 || tail.length > 100) throw new Error(`${path}: too long for a ustar archive`);
    prefix = head;
    name = tail;
  }
  h.set(name, 0);
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  if (size > 0o77777777777) throw new Error(`${path}: ${size} bytes is too large for a ustar archive`);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h[156] = typeflag.charCodeAt(0);
  h.set(enc.encode('ustar\0'), 257);
  h.set(enc.encode('00'), 263);
  h.set(enc.encode('root'), 265);
  h.set(enc.encode('root'), 297);
  h.set(prefix, 345);
  let sum = 0;
  for (const b of h) sum += b;
  // As GNU tar writes it: six octal digits, NUL, space.
  h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return h;
}

function octal(h: Uint8Array, offset: number, length: number, value: number): void {
  h.set(new TextEncoder().encode(`${value.toString(8).padStart(length - 1, '0')}\0`), offset);
}
