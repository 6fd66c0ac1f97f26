/**
 * github.com/docker/go-units as crictl uses it: HumanDuration for the CREATED columns
 * (duration.go) and HumanSizeWithPrecision(size, 3) for image sizes (size.go, decimal units).
 */

/** units.HumanDuration(d), d in µs. */
export function humanDuration(us: number): string {
  const seconds = Math.trunc(us / 1_000_000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(us / 60_000_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // hours := int(math.Round(d.Hours()))
  const hours = Math.round(us / 3_600_000_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(hours / 24 / 365)} years`;
}

const DECIMAL_ABBRS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** units.HumanSizeWithPrecision(size, precision): fmt "%.*g%s" over base-1000 units. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let i = 0;
  let s = size;
  while (s >= 1000 && i < DECIMAL_ABBRS.length - 1) {
    s /= 1000;
    i++;
  }
  return `${goG(s, precision)}${DECIMAL_ABBRS[i] as string}`;
}

/** Go's %.Ng for the values a size takes (0 ≤ v < 1000): shortest of N significant digits, no trailing zeros. */
function goG(v: number, precision: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(precision)))));
  if (exp < -4 || exp >= precision) {
    // %e form, as Go writes it (1e+03).
    const [m, e] = v.toExponential(precision - 1).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
