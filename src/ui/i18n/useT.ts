import { useCallback } from 'react';
import { useSession } from '../session/context.tsx';
import type { MessageKey } from './en.ts';
import { translate, type MessageParams } from './translate.ts';

/** The translation function for the session's current language. */
export function useT(): (key: MessageKey, params?: MessageParams) => string {
  const lang = useSession((s) => s.lang);
  return useCallback((key: MessageKey, params?: MessageParams) => translate(lang, key, params), [lang]);
}
