/**
 * The example scenarios the app can open, by name (`examples/<name>.scenario.yaml`), each loaded
 * on demand: `import.meta.glob` without `eager` makes every file its own small chunk, fetched only
 * when it is opened (or when the picker asks for its title), so the initial bundle does not carry
 * all of them.
 */

/** The scenario the app opens when the URL names none (DESIGN 3.4: every parameter is optional). */
export const DEFAULT_SCENARIO_NAME = 'hello-deployment';

/** One example: its name in URLs, its file name (as the trace header records it) and its text, on demand. */
export interface ScenarioEntry {
  name: string;
  file: string;
  load(): Promise<string>;
}

/** The known examples, sorted by name. */
export interface ScenarioCatalog {
  entries: readonly ScenarioEntry[];
  get(name: string): ScenarioEntry | undefined;
}

const SUFFIX = '.scenario.yaml';

/** Builds a catalog from `import.meta.glob` loaders keyed by path. */
export function scenarioCatalog(modules: Record<string, () => Promise<string>>): ScenarioCatalog {
  const entries = Object.entries(modules)
    .filter(([path]) => path.endsWith(SUFFIX))
    .map(([path, load]): ScenarioEntry => {
      const file = path.slice(path.lastIndexOf('/') + 1);
      return { name: file.slice(0, -SUFFIX.length), file, load };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(entries.map((e) => [e.name, e]));
  return { entries, get: (name) => byName.get(name) };
}

/** The examples shipped with the app (examples/*.scenario.yaml). */
export const EXAMPLES: ScenarioCatalog = scenarioCatalog(
  import.meta.glob<string>('../../examples/*.scenario.yaml', { query: '?raw', import: 'default' }),
);

/** Thrown when the URL names a scenario the catalog does not have; carries the known names for the message. */
export class UnknownScenarioError extends Error {
  constructor(
    readonly scenario: string,
    readonly known: readonly string[],
  ) {
    super(`unknown scenario "${scenario}"; known: ${known.join(', ')}`);
    this.name = 'UnknownScenarioError';
  }
}

/** The entry for a name (the default when none is given), or UnknownScenarioError. */
export function resolveScenario(catalog: ScenarioCatalog, name: string | undefined): ScenarioEntry {
  const wanted = name ?? DEFAULT_SCENARIO_NAME;
  const entry = catalog.get(wanted);
  if (!entry) throw new UnknownScenarioError(wanted, catalog.entries.map((e) => e.name));
  return entry;
}

/** The comment line that gives an example's Japanese title, within its leading comment block. */
const JA_TITLE = /^#\s*ja:\s*(.*\S)\s*$/;

/**
 * A readable title from a scenario's text, in English or Japanese. The format
 * (docs/scenario-format.md) has no title field; every example starts with a comment whose first
 * sentence says what it shows, often as `<name>: <what>`. English: that comment's first line
 * (not a `# ja:` line), without a leading `<name>:`, up to the first `: ` or `. ` (the rest of
 * the line explains), without a parenthesis the line leaves open, capitalised. Japanese: the
 * text of a `# ja: <title>` line in the same leading comment block, taken as written; without
 * one, the English title. No comment: the name itself.
 */
export function scenarioTitle(name: string, text: string, lang: 'en' | 'ja' = 'en'): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() !== '');
  // The leading comment block: from the first non-blank line while lines are comments.
  const block: string[] = [];
  for (let i = start; i >= 0 && i < lines.length && (lines[i] ?? '').trim().startsWith('#'); i++) block.push((lines[i] ?? '').trim());
  if (lang === 'ja') {
    const ja = block.map((l) => JA_TITLE.exec(l)?.[1]).find((m) => m !== undefined);
    if (ja !== undefined) return ja;
  }
  const firstLine = block.find((l) => !JA_TITLE.test(l));
  const first = /^#\s*(.*\S)/.exec(firstLine ?? '');
  let title = first?.[1]?.trim() ?? '';
  if (title.toLowerCase().startsWith(`${name.toLowerCase()}:`)) title = title.slice(name.length + 1).trim();
  const cut = title.search(/[:.](\s|$)/);
  if (cut >= 0) title = title.slice(0, cut);
  // A sentence that runs on to the next line can leave a parenthesis open: drop it.
  const open = title.lastIndexOf('(');
  if (open > 0 && title.indexOf(')', open) < 0) title = title.slice(0, open);
  title = title.trim().replace(/[,;]$/, '').trim();
  if (title === '') return name;
  return title.charAt(0).toUpperCase() + title.slice(1);
}
