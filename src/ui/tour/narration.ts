/**
 * The narration format: paragraphs separated by blank lines; inside them `[text](glossary:id)`
 * links to the glossary and `` `code` `` for commands, field names and RPCs. Nothing else is
 * markup, so narration cannot smuggle HTML in: the panel renders the tokens as React elements.
 */

export type NarrationToken = { type: 'text'; text: string } | { type: 'code'; text: string } | { type: 'glossary'; text: string; id: string };

const INLINE = /\[([^\]]+)\]\(glossary:([a-z0-9-]+)\)|`([^`]+)`/g;
/**
 * Whitespace between two full-width characters (kana, kanji, 、。「」（）…). A line break in
 * Japanese narration (YAML `>-` folds it into a space) joins without one, as Japanese is written
 * without spaces between words; spaces next to Latin words and `code` stay.
 */
const CJK_GAP = /([\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])/g;

/** Splits narration into paragraphs of tokens. */
export function parseNarration(text: string): NarrationToken[][] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(CJK_GAP, '$1').trim())
    .filter((p) => p !== '')
    .map((p) => {
      const out: NarrationToken[] = [];
      let last = 0;
      for (const m of p.matchAll(INLINE)) {
        if (m.index > last) out.push({ type: 'text', text: p.slice(last, m.index) });
        if (m[1] !== undefined && m[2] !== undefined) out.push({ type: 'glossary', text: m[1], id: m[2] });
        else out.push({ type: 'code', text: m[3] ?? '' });
        last = m.index + m[0].length;
      }
      if (last < p.length) out.push({ type: 'text', text: p.slice(last) });
      return out;
    });
}

/** Every glossary id a narration links to. */
export function glossaryLinks(text: string): string[] {
  return parseNarration(text).flatMap((p) => p.flatMap((t) => (t.type === 'glossary' ? [t.id] : [])));
}
