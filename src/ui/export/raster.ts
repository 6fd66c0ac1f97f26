/** Draws SVG text on canvases: the PNG export and every frame of a WebM or GIF. */

/** The SVG decoded as an image (from a blob URL: no page styles reach it, no network is asked). */
export async function svgImage(svg: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } catch {
    throw new Error('the browser could not draw the exported SVG');
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
