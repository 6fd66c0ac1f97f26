import { describe, expect, it } from 'vitest';
import { parseUrl, withHashParam } from '../../src/embed/url.ts';
import { frameHash } from '../../src/ui/share/shareUrl.ts';

// The share button's URLs (src/ui/share) are built with the app's own withHashParam; the app's
// URL parser must read them back as the same frame.
describe('share URLs round-trip through the app URL parser', () => {
  it('builds app and embed hashes the URL parser reads back as the same frame', () => {
    const frame = { tour: 'how-a-pod-comes-to-be', step: 3, t: 1_234_567, seed: 7, lang: 'ja', theme: 'projector-dark' };
    const app = frameHash(withHashParam, frame, '/');
    expect(app).toBe('#/?tour=how-a-pod-comes-to-be&step=3&t=1.234567&seed=7&lang=ja&theme=projector-dark');
    expect(parseUrl('', app)).toEqual({ route: 'app', tour: 'how-a-pod-comes-to-be', step: 3, t: 1_234_567, seed: 7, lang: 'ja', theme: 'projector-dark' });
    const embed = frameHash(withHashParam, { scenario: 'drain', t: 0, lang: 'en', theme: 'light' }, '/embed');
    expect(parseUrl('', embed)).toMatchObject({ route: 'embed', scenario: 'drain', t: 0, lang: 'en' });
  });

  it('a saved item wins over the scenario and tour it came with', () => {
    expect(frameHash(withHashParam, { saved: 'abc', scenario: 'x', t: 0, lang: 'en', theme: 'light' }, '/')).toBe('#/?saved=abc&t=0&lang=en&theme=light');
  });

});
