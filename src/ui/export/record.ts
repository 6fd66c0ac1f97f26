import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import type { ClipPlan } from './frames.ts';
import { canvasBlob, newCanvas, svgImage } from './raster.ts';
import { withWebmDuration } from './webmDuration.ts';

/** Progress of an export: `n` of `total` frames done. */
export type Progress = (n: number, total: number) => void;

/** Frame rates: WebM plays smoothly at 20; a GIF at 10 stays a size a slide can carry. */
export const WEBM_FPS = 20;
export const GIF_FPS = 10;

/** The WebM codecs MediaRecorder is asked for, best first. */
const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

export function webmType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return WEBM_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Records frames (SVG documents, already drawn) as a WebM: a canvas's captureStream fed one
 * frame per 1/fps s of wall time, since MediaRecorder stamps frames with the time they come.
 * Decoding the next frame overlaps the wait for its slot. The recording has no Duration
 * (MediaRecorder writes a live stream): the time actually recorded is written into it.
 */
export async function recordWebm(frames: readonly string[], plan: ClipPlan, size: { width: number; height: number }, onProgress?: Progress): Promise<Blob> {
  const type = webmType();
  if (!type) throw new Error('no WebM MediaRecorder');
  const { canvas, ctx } = newCanvas(size.width, size.height);
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('the canvas gave no video track');
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: size.width >= 1920 ? 8_000_000 : 5_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve, reject) => {
    recorder.onstop = () => resolve();
    recorder.onerror = (e) => reject(new Error(`MediaRecorder: ${String((e as unknown as { error?: unknown }).error ?? 'error')}`));
  });
  // The first frame is drawn before recording starts, so the video opens on it.
  ctx.drawImage(await svgImage(frames[0] as string), 0, 0, size.width, size.height);
  recorder.start(500);
  track.requestFrame();
  const frameMs = 1000 / plan.fps;
  const t0 = performance.now();
  let next = frames.length > 1 ? svgImage(frames[1] as string) : undefined;
  for (let i = 1; i < frames.length; i++) {
    const img = await (next as Promise<HTMLImageElement>);
    next = i + 1 < frames.length ? svgImage(frames[i + 1] as string) : undefined;
    await sleep(t0 + i * frameMs - performance.now());
    ctx.drawImage(img, 0, 0, size.width, size.height);
    track.requestFrame();
    onProgress?.(i + 1, frames.length);
  }
  // The last frame lasts its frame time too.
  await sleep(t0 + frames.length * frameMs - performance.now());
  const recordedMs = performance.now() - t0;
  recorder.stop();
  await stopped;
  track.stop();
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  return new Blob([withWebmDuration(bytes, recordedMs) as Uint8Array<ArrayBuffer>], { type: 'video/webm' });
}

/** Encodes frames (SVG documents) as an animated GIF with gifenc: each frame's own 256-colour palette. */
export async function encodeGif(frames: readonly string[], plan: ClipPlan, size: { width: number; height: number }, onProgress?: Progress): Promise<Blob> {
  const { ctx } = newCanvas(size.width, size.height);
  const gif = GIFEncoder();
  const delay = Math.round(1000 / plan.fps);
  for (let i = 0; i < frames.length; i++) {
    ctx.drawImage(await svgImage(frames[i] as string), 0, 0, size.width, size.height);
    const { data } = ctx.getImageData(0, 0, size.width, size.height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), size.width, size.height, { palette, delay });
    onProgress?.(i + 1, frames.length);
    // Let the page breathe between frames (quantizing 2 MP takes a while).
    await sleep(0);
  }
  gif.finish();
  return new Blob([gif.bytes() as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
}

export { canvasBlob };
