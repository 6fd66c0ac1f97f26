import { goJsonIndent, goJsonMarshal, type GoJson } from './go-json.ts';
import { goTabwriter, goTimeLayout, humanizeIBytes, humanizeTime } from './go-format.ts';
import { trimImageID } from './images.ts';

/** One entry of the local image store as `rkt image list` reads it (store/imagestore aciinfo). */
export interface StoredImage {
  id: string;
  /** `<name>:<version>`. */
  name: string;
  sizeBytes: number;
  importedAt: number;
  lastUsedAt: number;
}

const ns = (us: number): bigint => BigInt(us) * 1000n;

/**
 * `rkt image list` (rkt/image_list.go runImages): ID, NAME, SIZE, IMPORT TIME, LAST USED,
 * sorted by import time, ascending (the --sort default). --full prints the whole id, sizes in
 * bytes and times in the long layout.
 */
export function printImageList(images: readonly StoredImage[], opts: { full?: boolean; noLegend?: boolean; format?: '' | 'json' | 'json-pretty'; nowUs: number }): string {
  const sorted = [...images].sort((a, b) => a.importedAt - b.importedAt);
  if (opts.format === 'json' || opts.format === 'json-pretty') {
    // lib/types.go ImageListEntry; a nil slice is null.
    const v: GoJson = sorted.length === 0 ? null : sorted.map((i) => ({ id: i.id, name: i.name, import_time: ns(i.importedAt), last_used_time: ns(i.lastUsedAt), size: i.sizeBytes }));
    return `${opts.format === 'json' ? goJsonMarshal(v) : goJsonIndent(v)}\n`;
  }
  let text = opts.noLegend ? '' : 'ID\tNAME\tSIZE\tIMPORT TIME\tLAST USED\n';
  for (const i of sorted) {
    const id = opts.full ? i.id : trimImageID(i.id);
    const size = opts.full ? String(i.sizeBytes) : humanizeIBytes(i.sizeBytes);
    const imported = opts.full ? goTimeLayout(ns(i.importedAt)) : humanizeTime(i.importedAt, opts.nowUs);
    const used = opts.full ? goTimeLayout(ns(i.lastUsedAt)) : humanizeTime(i.lastUsedAt, opts.nowUs);
    text += `${id}\t${i.name}\t${size}\t${imported}\t${used}\n`;
  }
  return goTabwriter(text);
}
