/**
 * Just enough of resource.Quantity (k8s.io/apimachinery/pkg/api/resource) for the kubelet's
 * CRI arithmetic: "500m", "2", "0.5", "128Mi", "1G", "1e3". Returns undefined for text that is
 * not a quantity so callers can decide what a bad manifest means.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity's value in base units (bytes, cores), as a float. */
export function parseQuantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(text.trim());
  if (!m) return undefined;
  const num = Number(m[1]);
  if (m[2]) return num * (BINARY[m[2]] as number);
  if (m[3]) return num * 10 ** Number(m[3].slice(1));
  return num * (DECIMAL[m[4] ?? ''] as number);
}

/** Quantity.MilliValue(): rounded up, as the apimachinery does for fractional milli values. */
export function milliValue(text: string | undefined): number {
  const v = parseQuantity(text);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e9) / 1e6);
}

/** Quantity.Value(): bytes for memory, rounded up to a whole unit. */
export function intValue(text: string | undefined): number {
  const v = parseQuantity(text);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e3) / 1e3);
}
