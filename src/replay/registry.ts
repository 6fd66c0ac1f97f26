import { API_IMPORTERS } from './importers/api/index.ts';
import { KANATOMY_IMPORTER } from './importers/kanatomy.ts';
import { NODE_IMPORTERS } from './importers/node/index.ts';
import type { Importer } from './types.ts';

/**
 * Every format the replay backend reads, in the order detection breaks ties (the first of equal
 * scores wins): the project's own trace first, then the API-side, then the node-side recordings.
 */
export const IMPORTERS: readonly Importer[] = [KANATOMY_IMPORTER, ...API_IMPORTERS, ...NODE_IMPORTERS];

/** The known formats, for `--format`, error messages and the UI's list. */
export function knownFormats(importers: readonly Importer[] = IMPORTERS): { name: string; label: string }[] {
  return importers.map((i) => ({ name: i.name, label: i.label }));
}

/** The importer of a format name (`--format file=strace`); throws naming the known names. */
export function importerByName(name: string, importers: readonly Importer[] = IMPORTERS): Importer {
  const found = importers.find((i) => i.name === name);
  if (!found) throw new Error(`unknown format "${name}"; known formats: ${importers.map((i) => i.name).join(', ')}`);
  return found;
}
