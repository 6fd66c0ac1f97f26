import { wrapCaption } from './caption.ts';

/** The projector resolutions an export offers. */
export const EXPORT_SIZES = [
  { id: '1920x1080', width: 1920, height: 1080 },
  { id: '1280x720', width: 1280, height: 720 },
] as const;
export type ExportSize = (typeof EXPORT_SIZES)[number];

/** A caption under the diagram: the step's title (bold) and its narration. */
export interface Caption {
  title?: string;
  text: string;
}

/**
 * The presentation properties the theme's CSS sets on the diagram. Inlined on every element of
 * the copy, so the SVG renders alone (as a file, in a slide, or as an <img> drawn on a canvas,
 * which sees no page stylesheet), with the theme's colours resolved from its CSS variables.
 */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'visibility',
  'display',
  'paint-order',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The theme's colours for the frame around the diagram, read from the CSS variables where the diagram sits. */
export function themeColours(el: Element): { bg: string; fg: string; muted: string; font: string } {
  const root = el.closest('.ka-root') ?? document.documentElement;
  const cs = getComputedStyle(root);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return { bg: v('--bg', '#ffffff'), fg: v('--fg', '#000000'), muted: v('--muted', v('--fg', '#000000')), font: cs.fontFamily || 'sans-serif' };
}

/** A copy of `source` with every element's computed presentation inlined as a style attribute. */
function inlinedCopy(source: SVGSVGElement): SVGSVGElement {
  const copy = source.cloneNode(true) as SVGSVGElement;
  const from = [source, ...Array.from(source.querySelectorAll('*'))];
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))];
  from.forEach((el, i) => {
    const target = to[i] as Element;
    const cs = getComputedStyle(el);
    const style = PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
    // Classes and test hooks mean nothing outside the page; ids could clash where it is pasted.
    target.removeAttribute('class');
    for (const a of Array.from(target.attributes)) if (a.name.startsWith('data-') || a.name.startsWith('aria-') || a.name === 'tabindex' || a.name === 'role') target.removeAttribute(a.name);
  });
  return copy;
}

/**
 * The SVG layers of the diagram inside `container`: the topology draws a static base layer and
 * a live layer over it (each its own <svg> with the same viewBox); an older single-SVG diagram
 * is its own only layer. Empty when no diagram is there (the heatmap or Pod level).
 */
export function diagramLayers(container: ParentNode | null | undefined): SVGSVGElement[] {
  const top = container?.querySelector('.ka-topology');
  if (!top) return [];
  if (top instanceof SVGSVGElement) return [top];
  return Array.from(top.children).filter((c): c is SVGSVGElement => c instanceof SVGSVGElement);
}

/**
 * The diagram on screen as a standalone SVG document of `size` (a projector resolution): the
 * theme's background, the diagram scaled to fit, and optionally a caption band under it.
 */
export function frameSvg(layers: SVGSVGElement | readonly SVGSVGElement[], size: { width: number; height: number }, caption?: Caption): string {
  const list = Array.isArray(layers) ? (layers as readonly SVGSVGElement[]) : [layers as SVGSVGElement];
  const source = list[0];
  if (!source) throw new Error('no diagram layer to export');
  const { width: W, height: H } = size;
  const colours = themeColours(source);
  const pad = Math.round(H / 40);
  const fontSize = Math.round(H / 40);
  const lineH = Math.round(fontSize * 1.4);
  const captionLines = caption ? wrapCaption(caption.text, W - 4 * pad, fontSize, 3) : [];
  const titleLines = caption?.title ? 1 : 0;
  const band = caption ? pad * 2 + lineH * (titleLines + captionLines.length) : 0;
  const layerSvg = (layer: SVGSVGElement): string => {
    const copy = inlinedCopy(layer);
    const viewBox = layer.getAttribute('viewBox') ?? `0 0 ${layer.clientWidth} ${layer.clientHeight}`;
    const inner = Array.from(copy.childNodes)
      .map((n) => new XMLSerializer().serializeToString(n))
      .join('')
      // XMLSerializer repeats the namespace on each top-level child; the document's root declares it.
      .replaceAll(` xmlns="${SVG_NS}"`, '');
    return `<svg x="${pad}" y="${pad}" width="${W - 2 * pad}" height="${H - 2 * pad - band}" viewBox="${esc(viewBox)}" preserveAspectRatio="xMidYMid meet" style="${esc(copy.getAttribute('style') ?? '')}">${inner}</svg>`;
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="${SVG_NS}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${esc(colours.font)}">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="${esc(colours.bg)}"/>`);
  // The diagram's layers (static base, live overlay) stacked in their order on screen.
  for (const layer of list) parts.push(layerSvg(layer));
  if (caption) {
    const top = H - band;
    parts.push(`<rect x="0" y="${top}" width="${W}" height="${band}" fill="${esc(colours.fg)}" fill-opacity="0.06"/>`);
    let y = top + pad + fontSize;
    if (caption.title) {
      parts.push(`<text x="${2 * pad}" y="${y}" font-size="${fontSize}" font-weight="700" fill="${esc(colours.fg)}">${esc(caption.title)}</text>`);
      y += lineH;
    }
    for (const line of captionLines) {
      parts.push(`<text x="${2 * pad}" y="${y}" font-size="${fontSize}" fill="${esc(colours.fg)}">${esc(line)}</text>`);
      y += lineH;
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
