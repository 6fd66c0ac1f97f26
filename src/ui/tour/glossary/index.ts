import { GLOSSARY_CORE } from './core.ts';
import { GLOSSARY_CRD } from './crd.ts';
import { GLOSSARY_RECONCILE } from './reconcile.ts';
import { GLOSSARY_RUNTIMES } from './runtimes.ts';
import type { GlossaryEntry } from './types.ts';

export type { GlossaryEntry } from './types.ts';

/** Every glossary entry, core first, then runtimes, reconciliation and CRDs (each file's own order). */
export const GLOSSARY: readonly GlossaryEntry[] = [...GLOSSARY_CORE, ...GLOSSARY_RUNTIMES, ...GLOSSARY_RECONCILE, ...GLOSSARY_CRD];

const BY_ID = new Map(GLOSSARY.map((e) => [e.id, e]));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

/** Problems with a glossary (ids twice, see-also links to nothing), as readable lines; [] when sound. */
export function glossaryProblems(entries: readonly GlossaryEntry[] = GLOSSARY): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push(`glossary id "${e.id}" appears twice`);
    ids.add(e.id);
  }
  for (const e of entries) for (const s of e.see ?? []) if (!ids.has(s)) problems.push(`glossary "${e.id}": see "${s}" is no entry`);
  return problems;
}
