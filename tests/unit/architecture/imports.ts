import ts from 'typescript';

/** One module reference found in a source file. */
export interface ImportEdge {
  /** The specifier exactly as written, query included (`../worker/host.ts?worker`). */
  specifier: string;
  /** 1-based line of the import. */
  line: number;
  /**
   * How it was written: `import`/`export` declarations, `dynamic` import(), `require`,
   * `type` (an `import('x').T` type), `url` (`new URL('x', import.meta.url)`, how Vite spawns
   * workers and loads assets) or `glob` (`import.meta.glob`).
   */
  via: 'import' | 'export' | 'dynamic' | 'require' | 'type' | 'url' | 'glob';
  /** True when the specifier is computed, so it cannot be checked (`import(name)`). */
  computed?: boolean;
}

/**
 * Finds every module reference in a TS/TSX file by walking its syntax tree (the TypeScript
 * parser), so imports inside comments or strings are not mistaken for edges.
 */
export function extractImports(path: string, text: string): ImportEdge[] {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : path.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const edges: ImportEdge[] = [];
  const lineOf = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (node: ts.Node, spec: ts.Node | undefined, via: ImportEdge['via']): void => {
    if (spec && (ts.isStringLiteral(spec) || ts.isNoSubstitutionTemplateLiteral(spec))) {
      edges.push({ specifier: spec.text, line: lineOf(node), via });
    } else {
      edges.push({ specifier: spec ? spec.getText(sf) : '', line: lineOf(node), via, computed: true });
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, 'import');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node, node.moduleSpecifier, 'export');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'require');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'type');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        add(node, node.arguments[0], 'dynamic');
      } else if (ts.isIdentifier(callee) && callee.text === 'require' && node.arguments.length === 1) {
        add(node, node.arguments[0], 'require');
      } else if (isImportMetaProperty(callee, 'glob')) {
        const first = node.arguments[0];
        const patterns = first && ts.isArrayLiteralExpression(first) ? [...first.elements] : [first];
        for (const p of patterns) add(node, p, 'glob');
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [target, base] = node.arguments ?? [];
      if (base && isImportMetaProperty(base, 'url')) add(node, target, 'url');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** `import.meta.<name>` */
function isImportMetaProperty(node: ts.Node, name: string): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === name &&
    ts.isMetaProperty(node.expression) &&
    node.expression.keywordToken === ts.SyntaxKind.ImportKeyword
  );
}
