/**
 * WCAG 2.x contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), for checking the
 * themes' colour pairs. Pure; colours as #rgb or #rrggbb.
 */
function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function parseHex(hex: string): [number, number, number] {
  const h = hex.trim().replace(/^#/, '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) throw new Error(`not a hex colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The custom properties of each theme from the stylesheet: the first `.ka-root { … }` block is
 * the base (the light theme), each `.ka-root[data-theme='x'] { … }` overrides it.
 */
export function themeVariables(css: string): Map<string, Map<string, string>> {
  const block = (re: RegExp): Map<string, string> => {
    const m = re.exec(css);
    const out = new Map<string, string>();
    if (!m) return out;
    for (const d of (m[1] ?? '').matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out.set(d[1] as string, (d[2] as string).trim());
    return out;
  };
  const base = block(/\.ka-root\s*\{([^}]*)\}/);
  const themes = new Map<string, Map<string, string>>([['light', base]]);
  for (const m of css.matchAll(/\.ka-root\[data-theme='([\w-]+)'\]\s*\{([^}]*)\}/g)) {
    const vars = new Map(base);
    for (const d of (m[2] ?? '').matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars.set(d[1] as string, (d[2] as string).trim());
    themes.set(m[1] as string, vars);
  }
  return themes;
}
