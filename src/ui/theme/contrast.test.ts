import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { contrastRatio, themeVariables } from './contrast.ts';
import { THEMES } from './themes.ts';

const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
const themes = themeVariables(css);

/** Text on a surface: AA for normal text, 4.5:1. */
const TEXT: [string, string][] = [
  ['--fg', '--bg'], ['--fg', '--panel'], ['--muted', '--panel'], ['--muted', '--bg'],
  ['--cp', '--panel'], ['--cp', '--cp-soft'], ['--accent-fg', '--accent'],
  ['--ok', '--panel'], ['--progress', '--panel'], ['--warn', '--panel'], ['--bad', '--panel'], ['--done', '--panel'],
  ['--fg', '--cp-soft'], ['--fg', '--node-soft'], ['--fg', '--rt-soft'], ['--fg', '--kernel-soft'], ['--fg', '--client-soft'],
  ['--muted', '--cp-frame'], ['--muted', '--node-frame'], ['--muted', '--cp-soft'], ['--muted', '--node-soft'],
  ['--bad', '--node-frame'], ['--client', '--client-soft'],
  ['--diff-add-fg', '--diff-add-bg'], ['--diff-del-fg', '--diff-del-bg'],
];
/** Graphics that carry meaning (family strokes, the focus ring, the heat scale's ends): 3:1. */
const GRAPHICS: [string, string][] = [
  ['--cp', '--bg'], ['--node', '--panel'], ['--node', '--node-frame'], ['--rt', '--panel'], ['--kernel', '--panel'], ['--client', '--panel'],
  ['--focus', '--bg'], ['--focus', '--panel'], ['--focus', '--node-frame'], ['--focus', '--cp-frame'],
  // NotReady cells are marked in --bad over a --panel halo, so it is --bad on --panel that counts.
  ['--heat-4', '--heat-0'], ['--heat-4', '--panel'],
];

describe('themes', () => {
  it('defines every theme in THEMES in the stylesheet, with the same variables', () => {
    expect([...themes.keys()].sort()).toEqual([...THEMES].sort());
    const names = [...(themes.get('light') ?? new Map()).keys()].sort();
    for (const t of THEMES) expect([...(themes.get(t) ?? new Map()).keys()].sort()).toEqual(names);
  });

  for (const theme of THEMES) {
    it(`meets WCAG AA contrast in ${theme}`, () => {
      const v = themes.get(theme)!;
      const bad: string[] = [];
      const check = (pairs: [string, string][], min: number) => {
        for (const [a, b] of pairs) {
          const r = contrastRatio(v.get(a)!, v.get(b)!);
          if (r < min) bad.push(`${a} on ${b}: ${r.toFixed(2)} < ${min}`);
        }
      };
      check(TEXT, 4.5);
      check(GRAPHICS, 3);
      expect(bad).toEqual([]);
    });
  }

  it('computes the WCAG ratio', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(() => contrastRatio('red', '#fff')).toThrow('not a hex colour');
  });
});
