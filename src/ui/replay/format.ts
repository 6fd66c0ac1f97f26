/** `12.3 MB`: sizes in the progress readout, decimal units as browsers' download bars show them. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** `1,234,567` in the language's digit grouping. */
export const formatCount = (n: number, lang: string) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');
