import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useSession } from '../session/context.tsx';
import type { MessageKey } from './en.ts';
import { hasLang, loadLang, onLangLoaded, translate, type MessageParams } from './translate.ts';

/**
 * The translation function for the session's current language. A language whose table is not in
 * yet (a switch to Japanese in a page opened in English) is fetched; until it arrives the text
 * stays English, then every view re-renders in the new language at once.
 */
export function useT(): (key: MessageKey, params?: MessageParams) => string {
  const lang = useSession((s) => s.lang);
  const ready = useSyncExternalStore(onLangLoaded, () => hasLang(lang), () => hasLang(lang));
  useEffect(() => {
    // A failed fetch leaves English on screen; the next switch tries again.
    if (!ready) loadLang(lang).catch(() => undefined);
  }, [lang, ready]);
  const shown = ready ? lang : 'en';
  return useCallback((key: MessageKey, params?: MessageParams) => translate(shown, key, params), [shown]);
}
