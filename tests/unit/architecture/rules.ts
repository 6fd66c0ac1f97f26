/**
 * The dependency rule of DESIGN.md 2 as data: which folder of src/ may import which, where each
 * npm package and the Node built-ins may be used, and which files outside src/ may be imported.
 * The architecture test (tests/unit/architecture.test.ts) checks every import of src/** against
 * this table. Change the table, not the checker, when the design changes, and say why in a comment.
 */

/** The folders of src/ (DESIGN.md 2). */
export type Folder =
  | 'base'
  | 'domain'
  | 'trace'
  | 'engine'
  | 'replay'
  | 'timeline'
  | 'worker'
  | 'source'
  | 'ui'
  | 'embed'
  | 'app'
  | 'cli'
  | 'server';

/**
 * For each folder, the other folders it may import (importing itself is always allowed).
 * Layer order: base → domain → trace → {engine, replay, timeline} → source → ui → embed → app;
 * a folder imports only folders to its left.
 */
export const FOLDER_IMPORTS: Readonly<Record<Folder, readonly Folder[]>> = {
  // Time, RNG, ids, priority queue: the bottom layer imports nothing in src.
  base: [],
  domain: ['base'],
  trace: ['base', 'domain'],
  // engine and replay are two producers of the same trace; neither may depend on the other,
  // so a replayed trace never borrows simulator behaviour (and the reverse).
  engine: ['base', 'domain', 'trace'],
  replay: ['base', 'domain', 'trace'],
  // The read-model serves traces from either producer, so it imports neither.
  timeline: ['base', 'domain', 'trace'],
  // A thin Web Worker host for the engine and the importers. Its message protocol lives in
  // worker/ (not in source/), so the worker needs nothing to its right.
  worker: ['base', 'domain', 'trace', 'engine', 'replay', 'timeline'],
  // source runs a simulation in-process or spawns the worker (`../worker/host.ts?worker`).
  source: ['base', 'domain', 'trace', 'engine', 'replay', 'timeline', 'worker'],
  // The views see simulations and replays only through source, never engine or replay.
  ui: ['base', 'domain', 'trace', 'timeline', 'source'],
  embed: ['base', 'domain', 'trace', 'timeline', 'source', 'ui'],
  // The composition root may wire anything to its left.
  app: ['base', 'domain', 'trace', 'engine', 'replay', 'timeline', 'worker', 'source', 'ui', 'embed'],
  // Node programs. Nothing imports them, so browser code never pulls in Node APIs; the one
  // exception is `kube-anatomy serve`, where the CLI starts the replay server.
  cli: ['base', 'domain', 'trace', 'engine', 'replay', 'timeline', 'server'],
  server: ['base', 'domain', 'trace', 'engine', 'replay', 'timeline'],
};

/** Where a package may be imported: folders, or sub-folders such as `ui/machines`. */
export interface PackageRule {
  /** Package names; a trailing `*` matches a prefix (`d3-*`). `node:*` stands for every Node built-in. */
  packages: readonly string[];
  /** Folders or sub-folders of src/ (`ui/machines`) where the packages may be imported. */
  allowedIn: readonly string[];
  /** Whether `*.test.ts(x)` files anywhere may import them too. */
  alsoInTests: boolean;
  /** Said in the violation message. */
  why: string;
}

const EVERY_FOLDER: readonly Folder[] = Object.keys(FOLDER_IMPORTS) as Folder[];
const VIEW_LAYERS: readonly Folder[] = ['ui', 'embed', 'app'];

/** The first rule that matches a package decides. A package that matches none is a violation. */
export const PACKAGE_RULES: readonly PackageRule[] = [
  {
    packages: ['react', 'react-dom'],
    allowedIn: VIEW_LAYERS,
    alsoInTests: false,
    why: 'React renders only in the view layers (DESIGN.md 2)',
  },
  {
    packages: ['zustand'],
    allowedIn: VIEW_LAYERS,
    alsoInTests: false,
    why: 'session state lives in the view layers (DESIGN.md 1.4)',
  },
  {
    packages: ['xstate', '@xstate/*'],
    allowedIn: ['engine', 'ui/machines'],
    alsoInTests: false,
    why: 'components are machines in the engine; the UI has its own machines only in ui/machines',
  },
  {
    packages: ['d3', 'd3-*'],
    allowedIn: VIEW_LAYERS,
    alsoInTests: false,
    why: 'd3 draws; it never animates simulation state (DESIGN.md 1.3)',
  },
  {
    // The GIF encoder of the exports (src/ui/export): pure, browser-only pixels in, bytes out.
    packages: ['gifenc'],
    allowedIn: ['ui/export'],
    alsoInTests: true,
    why: 'only the exports encode GIFs',
  },
  {
    packages: ['node:*'],
    allowedIn: ['cli', 'server'],
    alsoInTests: true,
    why: 'everything else runs unchanged in a browser and a Web Worker',
  },
  {
    packages: ['vitest', 'fast-check', 'fake-indexeddb'],
    allowedIn: [],
    alsoInTests: true,
    why: 'test tools belong in *.test.ts files',
  },
  {
    // Scenario scripts and manifests are YAML in every layer that reads them.
    packages: ['yaml'],
    allowedIn: EVERY_FOLDER,
    alsoInTests: true,
    why: 'yaml is pure and allowed everywhere',
  },
];

/** Files outside src/ that some folders may import (by path prefix from the project root). */
export interface OutsideSrcRule {
  prefix: string;
  allowedIn: readonly string[];
  alsoInTests: boolean;
  why: string;
}

export const OUTSIDE_SRC_RULES: readonly OutsideSrcRule[] = [
  {
    // The app (and an embed without parameters) opens on the default scenario, bundled as text.
    prefix: 'examples/',
    allowedIn: ['app', 'embed'],
    alsoInTests: true,
    why: 'example scenarios are bundled with `?raw` by the app and the embed',
  },
  {
    // Fixtures and golden traces that tests beside the code read.
    prefix: 'tests/',
    allowedIn: [],
    alsoInTests: true,
    why: 'test fixtures are for tests',
  },
  {
    // `kube-anatomy --version` and the trace header's generator field.
    prefix: 'package.json',
    allowedIn: ['cli', 'server'],
    alsoInTests: false,
    why: 'the Node programs read their version from package.json',
  },
];

/** Files directly in src/ (not in a folder) that may exist: ambient declarations only. */
export const ROOT_FILE_ALLOWED = /\.d\.ts$/;

/** Test files: they follow their folder's rule, plus the `alsoInTests` grants above. */
export const TEST_FILE = /\.test\.tsx?$/;

/**
 * The deterministic folders (DESIGN.md 1.2): no wall clock, timers or ambient randomness outside
 * test files. A line may opt out with `// allow-ambient: <reason>`.
 */
export const DETERMINISTIC_FOLDERS: readonly Folder[] = ['base', 'domain', 'engine'];
