import { parseNarration } from '../tour/narration.ts';

/** A narration (glossary links, `code`, paragraphs) as plain paragraphs: what a caption or a printed page shows. */
export function narrationParagraphs(text: string): string[] {
  return parseNarration(text)
    .map((para) => para.map((tok) => tok.text).join('').replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** Width of one character in ems, roughly: CJK and full-width forms are square, Latin about half. */
function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6))) return 1;
  return ch === ' ' ? 0.28 : 0.55;
}

/**
 * Breaks a caption into lines at most `maxWidth` px wide for a font of `fontSize` px (an SVG
 * has no text wrapping). Latin text breaks at spaces; Japanese, which has none, between any two
 * characters, never before 。、」 (kinsoku). At most `maxLines`; the last one ends in "…" when cut.
 */
export function wrapCaption(text: string, maxWidth: number, fontSize: number, maxLines = 3): string[] {
  const limit = maxWidth / fontSize;
  const units: string[] = [];
  // Words of Latin text stay whole; each CJK character is its own unit.
  for (const m of text.matchAll(/[\u1100-\uffff]|[^\s\u1100-\uffff]+|\s+/gu)) units.push(m[0]);
  const lines: string[] = [];
  let line = '';
  let width = 0;
  const widthOf = (s: string) => Array.from(s).reduce((n, ch) => n + charEm(ch), 0);
  for (const u of units) {
    const w = /^\s+$/.test(u) ? charEm(' ') : widthOf(u);
    const noBreakBefore = /^[、。，．」』）！？ー]/.test(u);
    if (width + w > limit && line.trim() !== '' && !noBreakBefore) {
      lines.push(line.trim());
      line = /^\s+$/.test(u) ? '' : u;
      width = line === '' ? 0 : w;
    } else {
      line += /^\s+$/.test(u) ? ' ' : u;
      width += w;
    }
  }
  if (line.trim() !== '') lines.push(line.trim());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] as string;
  while (last.length > 0 && widthOf(`${last}…`) > limit) last = Array.from(last).slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
