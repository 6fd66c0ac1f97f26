import { type LineCounter, type Node, Scalar, isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import { ScenarioError } from './types.ts';

/**
 * Where things are in a scenario file: positions of YAML nodes and of characters inside a
 * scalar's value, so every error can name `file:line:column`. Lines and columns are 1-based.
 */
export interface Pos {
  line: number;
  column: number;
}

export class Source {
  constructor(
    readonly file: string,
    readonly text: string,
    private readonly lc: LineCounter,
  ) {}

  at(offset: number): Pos {
    const p = this.lc.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Position of a node (its first character); 1:1 when the node has no range. */
  of(node: unknown): Pos {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.at(range[0]) : { line: 1, column: 1 };
  }

  error(where: Pos, problem: string): ScenarioError {
    return new ScenarioError(this.file, where.line, where.column, problem);
  }

  /**
   * Position of the character at `offset` in a scalar's value. Exact for single-line plain and
   * quoted scalars (up to escapes) and for literal blocks (`|`); other styles give the start
   * of the value.
   */
  inScalar(node: Scalar, offset: number): Pos {
    const range = node.range;
    if (!range) return { line: 1, column: 1 };
    const value = String(node.value);
    if (node.type === Scalar.BLOCK_LITERAL) {
      const before = value.slice(0, offset);
      const lineIndex = before.split('\n').length - 1;
      const colInLine = offset - (before.lastIndexOf('\n') + 1);
      return this.inBlock(node, lineIndex + 1, colInLine + 1);
    }
    if (value.includes('\n') || node.type === Scalar.BLOCK_FOLDED) return this.at(range[0]);
    const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    return this.at(range[0] + quote + offset);
  }

  /**
   * Position of (line, column) of a literal block's content in the file: the content starts
   * on the line after the `|` header and is indented by the block's indentation.
   */
  inBlock(node: Scalar, line: number, column: number): Pos {
    const range = node.range;
    if (!range || node.type !== Scalar.BLOCK_LITERAL) return this.of(node);
    const header = this.at(range[0]);
    const indent = blockIndent(this.text, range[0]);
    return { line: header.line + line, column: indent + column };
  }
}

/** The indentation of a block scalar's content: that of its first non-blank line. */
function blockIndent(text: string, headerOffset: number): number {
  const firstBreak = text.indexOf('\n', headerOffset);
  if (firstBreak < 0) return 0;
  const rest = text.slice(firstBreak + 1).split('\n');
  for (const line of rest) {
    if (line.trim() !== '') return line.length - line.trimStart().length;
  }
  return 0;
}

/** The pairs of a mapping node, each with its key as a string. */
export function entries(map: YAMLMap): { key: string; keyNode: unknown; value: unknown; pair: Pair }[] {
  return map.items.map((pair) => {
    const k = pair.key;
    const key = isScalar(k) ? String(k.value) : String(k);
    return { key, keyNode: k, value: pair.value, pair };
  });
}

/** The scalar value of a node, or undefined when it is a collection (or absent). */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export const describeNode = (node: unknown): string => {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    return `${typeof v} ${String(v)}`;
  }
  return 'something else';
};

export type { Node };
