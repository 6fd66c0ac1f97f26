import type { Tour } from './types.ts';

/**
 * The tours the app can open, by name (`examples/tours/<name>.tour.yaml`). Like the scenario
 * catalog (src/app/scenarios.ts), `import.meta.glob` without `eager` makes each file its own
 * chunk, fetched when the tour is opened.
 */

const SUFFIX = '.tour.yaml';
const DIR = 'examples/tours/';

export interface TourEntry {
  name: string;
  /** The path errors name: `examples/tours/<name>.tour.yaml`. */
  file: string;
  load(): Promise<string>;
}

export interface TourCatalog {
  entries: readonly TourEntry[];
  get(name: string): TourEntry | undefined;
  /** Loads and parses a tour; rejects with a TourError (`file:line:col: reason`) or for an unknown name. */
  open(name: string): Promise<Tour>;
}

/** Builds a catalog from `import.meta.glob` loaders keyed by path. */
export function tourCatalog(modules: Record<string, () => Promise<string>>): TourCatalog {
  const entries = Object.entries(modules)
    .filter(([path]) => path.endsWith(SUFFIX))
    .map(([path, load]): TourEntry => {
      const base = path.slice(path.lastIndexOf('/') + 1);
      return { name: base.slice(0, -SUFFIX.length), file: DIR + base, load };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    entries,
    get: (name) => byName.get(name),
    async open(name) {
      const entry = byName.get(name);
      if (!entry) throw new Error(`unknown tour "${name}"; known: ${entries.map((e) => e.name).join(', ')}`);
      // The parser (and the yaml library) is its own chunk: the first frame of a scenario needs neither.
      const [text, { parseTour }] = await Promise.all([entry.load(), import('./parse.ts')]);
      return parseTour(text, entry.file);
    },
  };
}

