import { compareQuantities, isValidQuantity } from './quantity.ts';

/**
 * apiequality.Semantic.DeepEqual for JSON-shaped objects (k8s.io/apimachinery/pkg/api/equality
 * and third_party/forked/golang/reflect/deep_equal.go):
 * - an empty slice equals a nil slice, an empty map equals a nil map;
 * - resource.Quantity values compare by value ("1" equals "1000m");
 * - and, because a Go struct decodes an absent scalar field as its zero value, an absent field
 *   equals '' / 0 / false.
 * Go pointer fields (where nil and zero differ) are not distinguished here: after defaulting,
 * both sides carry the same pointers, which is how the controllers use this comparison.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return equalAt(a, b, undefined);
}

/** Maps whose values are resource.Quantity (ResourceList and friends). */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'overhead', 'capacity', 'allocatable', 'hard', 'used']);

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function equalAt(a: unknown, b: unknown, parentKey: string | undefined): boolean {
  if (a === b) return true;
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (parentKey !== undefined && QUANTITY_MAPS.has(parentKey) && isQuantityLike(a) && isQuantityLike(b)) {
    return compareQuantities(a, b) === 0;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equalAt(x, b[i], undefined));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    // Inside a quantity map, the map's own name is passed down so its values compare as quantities.
    const inQuantityMap = parentKey !== undefined && QUANTITY_MAPS.has(parentKey);
    for (const k of keys) {
      if (!equalAt(ao[k], bo[k], inQuantityMap ? parentKey : k)) return false;
    }
    return true;
  }
  return false;
}

function isQuantityLike(v: unknown): v is string | number {
  return typeof v === 'number' || (typeof v === 'string' && isValidQuantity(v));
}
