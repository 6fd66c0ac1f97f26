import { describe, it, expect } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { translate, pickLang, parseLang } from './translate.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n message tables', () => {
  it('have the same key sets in en and ja', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty values', () => {
    for (const [lang, table] of Object.entries({ en, ja })) {
      for (const [key, value] of Object.entries(table)) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('keep Kubernetes names untranslated in Japanese', () => {
    expect(ja['topology.unscheduled']).toContain('Pod');
    expect(ja['kind.event']).toContain('Event');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'controls.progress', { n: 3, total: 10 })).toBe('event 3 of 10');
    expect(translate('ja', 'controls.progress', { n: 3, total: 10 })).toBe('イベント 3 / 10');
  });
  it('leaves an unknown placeholder visible rather than printing undefined', () => {
    expect(translate('en', 'app.loadError')).toBe('Could not load the scenario: {message}');
  });
});

describe('language choice', () => {
  it('prefers the URL, then the browser, then English', () => {
    expect(pickLang('ja', ['en-US'])).toBe('ja');
    expect(pickLang(null, ['ja-JP', 'en'])).toBe('ja');
    expect(pickLang(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLang('xx', ['fr'])).toBe('en');
    expect(parseLang('JA')).toBe('ja');
  });
});

describe('loading a language', () => {
  it('has Japanese in tests at once, and loading it again is a no-op', async () => {
    const { hasLang, loadLang, MESSAGES } = await import('./translate.ts');
    expect(hasLang('en')).toBe(true);
    expect(hasLang('ja')).toBe(true);
    await loadLang('ja');
    expect(MESSAGES.ja).toBe(ja);
  });
});
