/**
 * What the CLI needs from the outside world, so commands can be tested without a terminal or
 * a disk: two output streams, reading and writing files, the version.
 */
export interface CliIO {
  /** Standard output. */
  out(text: string): void;
  /** Standard error. */
  err(text: string): void;
  /** Reads a UTF-8 text file; throws an error with a Node `code` (ENOENT, EISDIR…) on failure. */
  readFile(path: string): string;
  /** Writes a file so that a reader never sees half of it (temporary file, then rename). */
  writeFileAtomic(path: string, text: string): void;
  /** The version of kube-anatomy (package.json). */
  version: string;
}

/** A short reason for a failed file operation: "no such file", "is a directory", or the message. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
