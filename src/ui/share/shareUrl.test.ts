import { describe, expect, it } from 'vitest';
import { formatT, frameHash, frameSourceFromHash, iframeSnippet } from './shareUrl.ts';

// ui may not import embed: the tests here pass a plain setter; tests/unit/share-url.test.ts checks
// the URLs against embed/url.ts's withHashParam and parseUrl.
const setParam = (hash: string, key: string, value: string | undefined): string => {
  const q = hash.indexOf('?');
  const p = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  if (value === undefined) p.delete(key);
  else p.set(key, value);
  return `${q < 0 ? hash : hash.slice(0, q)}?${p.toString()}`;
};

describe('share URLs', () => {
  it('formats t as exact seconds', () => {
    expect(formatT(0)).toBe('0');
    expect(formatT(1_500_000)).toBe('1.5');
    expect(formatT(1_234_567)).toBe('1.234567');
    expect(formatT(3_000_000)).toBe('3');
  });

  it('puts the source first, then t, seed, lang and theme; a step only with its tour; a saved item wins', () => {
    expect(frameHash(setParam, { scenario: 'rkt', step: 2, t: 250_000, lang: 'en', theme: 'light' }, '/')).toBe('#/?scenario=rkt&t=0.25&lang=en&theme=light');
    expect(frameHash(setParam, { tour: 'x', step: 2, t: 0, seed: 3, lang: 'ja', theme: 'dark' }, '/embed', { controls: 'min' })).toBe('#/embed?tour=x&step=2&t=0&seed=3&lang=ja&theme=dark&controls=min');
    expect(frameHash(setParam, { saved: 'id-1', tour: 'x', step: 2, t: 0, lang: 'en', theme: 'light' }, '/')).toBe('#/?saved=id-1&step=2&t=0&lang=en&theme=light');
  });

  it('reads the frame source from the hash', () => {
    expect(frameSourceFromHash('#/?scenario=rkt&seed=12&lang=ja')).toEqual({ scenario: 'rkt', seed: 12 });
    expect(frameSourceFromHash('#/?seed=abc')).toEqual({});
    expect(frameSourceFromHash('')).toEqual({});
  });

  it('escapes the iframe attributes', () => {
    expect(iframeSnippet('https://x/?a=1&b="2"', 'k<a>')).toBe('<iframe src="https://x/?a=1&amp;b=&quot;2&quot;" width="960" height="540" style="border:0" title="k&lt;a>" allow="clipboard-write; fullscreen"></iframe>');
  });
});
