import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Maps a URL path below a route (`/traces/<path>`) to a file under the library folder, refusing
 * everything that could leave it: `..` segments (also percent-encoded), backslashes, NUL bytes,
 * and symbolic links that point outside. Returns the real path or why it is refused.
 */
export async function resolveUnder(root: string, urlPath: string): Promise<{ path: string; relative: string } | { status: 403 | 404; error: string }> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 404, error: `not a valid path: ${urlPath}` };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 403, error: 'the path may not contain NUL or backslashes' };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { status: 403, error: 'the path may not leave the library folder (..)' };
  if (segments.some((s) => s.startsWith('.'))) return { status: 404, error: `no trace at ${decoded}` }; // hidden files are not part of the library
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(resolve(realRoot, ...segments));
  } catch {
    return { status: 404, error: `no trace at ${decoded}` };
  }
  const rel = relative(realRoot, real);
  if (rel.startsWith('..') || isAbsolute(rel)) return { status: 403, error: `${decoded} points outside the library folder` };
  return { path: real, relative: rel.split(sep).join('/') };
}
