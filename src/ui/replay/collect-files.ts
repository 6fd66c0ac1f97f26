import type { ImportSpec } from '../../source/index.ts';

/**
 * What the user gave, as the import's inputs: files of a file input (with their folder path when
 * a folder was picked, `webkitRelativePath`), or what was dropped — files, and folders walked
 * through `DataTransferItem.webkitGetAsEntry()` (their files named by their path in the folder).
 */
export function specsFromFileList(files: ArrayLike<File>): ImportSpec[] {
  const out: ImportSpec[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as File;
    out.push({ kind: 'file', file: f, name: f.webkitRelativePath || f.name });
  }
  return sortByName(out);
}

export async function specsFromDataTransfer(dt: DataTransfer): Promise<ImportSpec[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  // Entries must be taken synchronously, in the drop handler: the list is emptied afterwards.
  for (let i = 0; i < dt.items.length; i++) {
    const item = dt.items[i] as DataTransferItem;
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0 && loose.length === 0) return specsFromFileList(dt.files);
  const out: ImportSpec[] = loose.map((f) => ({ kind: 'file', file: f, name: f.name }));
  for (const entry of entries) await walk(entry, out);
  return sortByName(out);
}

async function walk(entry: FileSystemEntry, out: ImportSpec[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ kind: 'file', file, name: entry.fullPath.replace(/^\//, '') || file.name });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in pieces (100 at a time in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) {
      // Dot-files of a recording folder (.DS_Store, editor swap files) are not traces.
      if (!child.name.startsWith('.')) await walk(child, out);
    }
  }
}

const sortByName = (specs: ImportSpec[]) => specs.sort((a, b) => ((a.kind === 'file' ? a.name : a.url) < (b.kind === 'file' ? b.name : b.url) ? -1 : 1));
