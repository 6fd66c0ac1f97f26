import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import { extractImports, type ImportEdge } from './imports.ts';
import {
  FOLDER_IMPORTS,
  OUTSIDE_SRC_RULES,
  PACKAGE_RULES,
  ROOT_FILE_ALLOWED,
  TEST_FILE,
  type Folder,
  type PackageRule,
} from './rules.ts';

/** A source file as the checker sees it: a path from the project root (posix) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export type ViolationRule = 'layer' | 'package' | 'unknown-package' | 'outside-src' | 'unknown-folder' | 'computed' | 'extension';

/** One forbidden edge. */
export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: ViolationRule;
  message: string;
}

/** `src/ui/app.tsx:12: '../engine/index.ts': ui may not import engine (ui may import: …)` */
export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.specifier === '' ? '' : `'${v.specifier}': `}${v.message}`;
}

const FOLDERS = new Set(Object.keys(FOLDER_IMPORTS));

/** Where a file sits in src/: its folder and its path inside src/ (`ui/machines/player.ts`). */
function locate(path: string): { folder: Folder | undefined; inSrc: string } | undefined {
  if (!path.startsWith('src/')) return undefined;
  const inSrc = path.slice('src/'.length);
  const first = inSrc.split('/')[0] ?? '';
  return { folder: inSrc.includes('/') && FOLDERS.has(first) ? (first as Folder) : undefined, inSrc };
}

/** Whether `inSrc` (a path inside src/) lies in one of the zones (`ui`, `ui/machines`). */
function inZone(inSrc: string, zones: readonly string[]): boolean {
  return zones.some((z) => inSrc === z || inSrc.startsWith(`${z}/`));
}

/** `react-dom/client` → `react-dom`, `@xstate/react/x` → `@xstate/react`, `fs` / `node:fs` → `node:*`. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return 'node:*';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function matchPackageRule(name: string): PackageRule | undefined {
  return PACKAGE_RULES.find((r) =>
    r.packages.some((p) => (p.endsWith('*') && p !== 'node:*' ? name.startsWith(p.slice(0, -1)) : name === p)),
  );
}

function zonesText(zones: readonly string[], tests: boolean): string {
  const parts = [...zones];
  if (tests) parts.push('*.test.ts files');
  return parts.length === 0 ? 'nowhere' : parts.join(', ');
}

/**
 * Checks every import of `files` against the dependency rule (rules.ts). Returns the violations
 * in file order, then line order; an empty list means the rule holds.
 */
export function checkDependencies(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const where = locate(file.path);
    if (!where) continue;
    const edges = extractImports(file.path, file.text);
    if (!where.folder) {
      if (!ROOT_FILE_ALLOWED.test(where.inSrc) || edges.length > 0) {
        violations.push({
          file: file.path,
          line: 1,
          specifier: '',
          rule: 'unknown-folder',
          message: `is not inside a folder of DESIGN.md 2 (${[...FOLDERS].join(', ')})`,
        });
      }
      continue;
    }
    const isTest = TEST_FILE.test(file.path);
    for (const edge of edges) {
      const v = checkEdge(file.path, where.folder, where.inSrc, isTest, edge);
      if (v) violations.push({ file: file.path, line: edge.line, specifier: edge.specifier, ...v });
    }
  }
  return violations;
}

function checkEdge(
  path: string,
  folder: Folder,
  inSrc: string,
  isTest: boolean,
  edge: ImportEdge,
): Pick<Violation, 'rule' | 'message'> | undefined {
  if (edge.computed) {
    return { rule: 'computed', message: `a computed ${edge.via} import cannot be checked: use a string literal` };
  }
  const bare = edge.specifier.replace(/[?#].*$/, '');
  if (bare.startsWith('.') || bare.startsWith('/')) {
    // Vite resolves `/x` from the project root.
    const target = bare.startsWith('/') ? posix.normalize(bare.slice(1)) : posix.join(posix.dirname(path), bare);
    const last = bare.split('/').pop() ?? '';
    if (edge.via !== 'glob' && (bare.endsWith('/') || !last.includes('.') || last === '.' || last === '..')) {
      return { rule: 'extension', message: 'local imports name the file with its extension (`./x.ts`), not a folder or an extensionless path' };
    }
    return checkLocalTarget(folder, isTest, target);
  }
  const name = packageName(bare);
  const rule = matchPackageRule(name);
  const shown = name === 'node:*' ? `the Node built-in '${bare}'` : `'${name}'`;
  if (!rule) {
    return {
      rule: 'unknown-package',
      message: `${shown} is not in PACKAGE_RULES of tests/unit/architecture/rules.ts: add it with the folders that may use it`,
    };
  }
  if (inZone(inSrc, rule.allowedIn) || (isTest && rule.alsoInTests)) return undefined;
  return {
    rule: 'package',
    message: `${shown} may be imported only in ${zonesText(rule.allowedIn, rule.alsoInTests)}: ${rule.why}`,
  };
}

function checkLocalTarget(folder: Folder, isTest: boolean, target: string): Pick<Violation, 'rule' | 'message'> | undefined {
  const where = locate(target);
  if (!where) {
    const rule = OUTSIDE_SRC_RULES.find((r) => target === r.prefix || target.startsWith(r.prefix));
    if (rule && (inZone(folder, rule.allowedIn) || (isTest && rule.alsoInTests))) return undefined;
    return {
      rule: 'outside-src',
      message: rule
        ? `${target} may be imported only in ${zonesText(rule.allowedIn, rule.alsoInTests)}: ${rule.why}`
        : `${target} is outside src/ and not in OUTSIDE_SRC_RULES of tests/unit/architecture/rules.ts`,
    };
  }
  const to = where.folder;
  if (!to) return { rule: 'layer', message: `${target} is not inside a folder of DESIGN.md 2` };
  if (to === folder) return undefined;
  const allowed = FOLDER_IMPORTS[folder];
  if (allowed.includes(to)) return undefined;
  return {
    rule: 'layer',
    message: `${folder} may not import ${to} (${folder} may import: ${allowed.length === 0 ? 'nothing in src' : allowed.join(', ')})`,
  };
}
