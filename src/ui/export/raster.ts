import { ExportWaitError, within } from './waits.ts';

/** Draws SVG text on canvases: the PNG export and every frame of a WebM or GIF. */

/** A 1080p diagram decodes in well under a second; a decode that never settles must not hang the export. */
const DECODE_WAIT_MS = 20_000;

/** The browser would not decode an exported SVG as an image (the menu says so in the presenter's language). */
export class SvgDrawError extends Error {
  constructor() {
    super('the browser could not draw the exported SVG');
    this.name = 'SvgDrawError';
  }
}

/** The SVG decoded as an image (from a blob URL: no page styles reach it, no network is asked). */
export async function svgImage(svg: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await within(img.decode(), DECODE_WAIT_MS, 'image');
    return img;
  } catch (e) {
    if (e instanceof ExportWaitError) throw e;
    throw new SvgDrawError();
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function newCanvas(width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas in this browser');
  return { canvas, ctx };
}

export function canvasBlob(canvas: HTMLCanvasElement, type: string): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(`the canvas could not be encoded as ${type}`))), type));
}

/** The SVG as a PNG of its own size. */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const { canvas, ctx } = newCanvas(width, height);
  ctx.drawImage(await svgImage(svg), 0, 0, width, height);
  return canvasBlob(canvas, 'image/png');
}
