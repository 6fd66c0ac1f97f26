import ts from 'typescript';
import type { SourceFile } from './check.ts';
import { DETERMINISTIC_FOLDERS, TEST_FILE } from './rules.ts';

/** A read of the wall clock, a timer or ambient randomness in a deterministic folder. */
export interface AmbientUse {
  file: string;
  line: number;
  /** What was used: `Date.now`, `new Date()`, `setTimeout`, … */
  what: string;
}

/** A line that opts out says why: `// allow-ambient: <reason>`. */
const ALLOW_MARK = /\/\/\s*allow-ambient:\s*\S/;

/** Global functions that schedule on, or read, the real world. */
const AMBIENT_GLOBALS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame', 'fetch']);
/** `object.member` reads of the clock or of randomness. */
const AMBIENT_MEMBERS = new Set(['Date.now', 'Math.random', 'performance.now', 'crypto.randomUUID', 'crypto.getRandomValues']);
/** Ways to name the global object; `globalThis.setTimeout` is still the global timer. */
const GLOBAL_OBJECTS = /^(?:globalThis|window|self|global)\./;

/** Whether the checker applies to this file (deterministic folder, not a test). */
export function isDeterministicFile(path: string): boolean {
  return DETERMINISTIC_FOLDERS.some((f) => path.startsWith(`src/${f}/`)) && !TEST_FILE.test(path);
}

/**
 * Finds ambient time, timers and randomness in the deterministic folders (DESIGN.md 1.2) through
 * the syntax tree, so a clock object's own `setTimeout` property (as xstate's injected `clock`
 * has) or a word in a comment is not reported, while `Date.now()` or `new Date()` is.
 * `new Date(ms)` formats a fixed instant and is allowed.
 */
export function findAmbientUses(files: readonly SourceFile[]): AmbientUse[] {
  const uses: AmbientUse[] = [];
  for (const file of files) {
    if (!isDeterministicFile(file.path)) continue;
    const kind = file.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, kind);
    const lines = file.text.split('\n');
    const report = (node: ts.Node, what: string): void => {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (!ALLOW_MARK.test(lines[line - 1] ?? '')) uses.push({ file: file.path, line, what });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const text = node.getText(sf).replace(GLOBAL_OBJECTS, '');
        if (AMBIENT_MEMBERS.has(text)) report(node, text);
        else if (GLOBAL_OBJECTS.test(node.getText(sf)) && AMBIENT_GLOBALS.has(text)) report(node, text);
      } else if (ts.isNewExpression(node) && isDateConstructor(node.expression, sf)) {
        if ((node.arguments?.length ?? 0) === 0) report(node, 'new Date()');
      } else if (ts.isCallExpression(node) && isDateConstructor(node.expression, sf)) {
        report(node, 'Date()');
      } else if (ts.isIdentifier(node) && AMBIENT_GLOBALS.has(node.text) && isGlobalReference(node)) {
        report(node, node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

function isDateConstructor(expr: ts.Expression, sf: ts.SourceFile): boolean {
  return expr.getText(sf).replace(GLOBAL_OBJECTS, '') === 'Date';
}

/** An identifier that refers to a variable, not a property name or a declaration's own name. */
function isGlobalReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessor(p) ||
      ts.isSetAccessor(p) ||
      ts.isVariableDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isFunctionDeclaration(p)) &&
    p.name === id
  ) {
    return false;
  }
  return true;
}

/** `src/engine/x.ts:3: Date.now …` */
export function formatAmbientUse(u: AmbientUse): string {
  return `${u.file}:${u.line}: ${u.what} — inject the simulated clock or the seeded RNG (src/base), or mark the line // allow-ambient: <reason>`;
}
