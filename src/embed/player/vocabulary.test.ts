import { describe, expect, it } from 'vitest';
import { LANGS as APP_LANGS } from '../../ui/i18n/translate.ts';
import { THEMES as APP_THEMES } from '../../ui/theme/themes.ts';
import { NAMESPACE as APP_NAMESPACE } from '../protocol.ts';
import { CONTROLS_LEVELS, EMBED_VIEWS } from '../url.ts';
import { CONTROLS, LANGS, NAMESPACE, THEMES, VIEWS } from './vocabulary.ts';

// player.js carries its own copies of these lists (to stay small); they must not drift from the app's.
describe('player vocabulary', () => {
  it('equals the app and embed lists', () => {
    expect(NAMESPACE).toBe(APP_NAMESPACE);
    expect([...LANGS]).toEqual([...APP_LANGS]);
    expect([...THEMES]).toEqual([...APP_THEMES]);
    expect([...VIEWS]).toEqual([...EMBED_VIEWS]);
    expect([...CONTROLS]).toEqual([...CONTROLS_LEVELS]);
  });
});
