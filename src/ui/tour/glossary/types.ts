import type { Bilingual } from '../types.ts';

/** One glossary entry, linked from narration as `[text](glossary:<id>)`. */
export interface GlossaryEntry {
  id: string;
  term: Bilingual;
  text: Bilingual;
  /** Ids of related entries. */
  see?: string[];
}
