import { IMPORTERS } from './registry.ts';
import { UnknownFormatError, type Importer } from './types.ts';

/** How much of a file detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/**
 * The importer for a file: every importer scores the file's first bytes (`sample` decoded,
 * `head` raw, `name` its name) from 0 to 1, the highest score above 0 wins, ties go to the
 * earlier importer. A detector that throws counts as 0 (it must not take the import down).
 * Throws `UnknownFormatError` naming the known formats when no score is above 0.
 */
export function detectFormat(sample: string, name: string, head: Uint8Array, importers: readonly Importer[] = IMPORTERS): Importer {
  let best: Importer | undefined;
  let bestScore = 0;
  for (const importer of importers) {
    let score = 0;
    try {
      score = importer.detect(sample, name, head);
    } catch {
      score = 0;
    }
    if (Number.isFinite(score) && score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  if (!best) throw new UnknownFormatError(name, importers.map((i) => i.label));
  return best;
}

/** The sample detection reads: the head decoded as UTF-8, a character cut at the end dropped. */
export function decodeSample(head: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
