import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import type { ClipPlan } from './frames.ts';
import { newCanvas, svgImage } from './raster.ts';
import { ExportWaitError, NoWebmEncoderError, nextTask, within } from './waits.ts';
import { muxWebm, type MuxFrame, type MuxOptions } from './webmMux.ts';

/** Progress of an export: `n` of `total` frames done. */
export type Progress = (n: number, total: number) => void;

/** The SVG document of frame `i` of the plan (the menu moves the playhead and copies the diagram). */
export type FrameSource = (i: number) => Promise<string>;

/** Frame rates: WebM plays smoothly at 20; a GIF at 10 stays a size a slide can carry. */
export const WEBM_FPS = 20;
export const GIF_FPS = 10;

/** How long one frame's decode or encode may take before the export gives up (a loaded 2-core machine needs well under 1 s). */
const FRAME_WAIT_MS = 30_000;
/** Frames the encoder may hold before the next one waits: keeps memory flat, keeps the encoder busy. */
const MAX_QUEUE = 4;
/** A key frame every 2 s, so a player seeks quickly. */
const KEY_EVERY_S = 2;

/** WebCodecs codec strings for the WebM codecs, best first (VP9 level 4.0 covers 1080p). */
const CODECS: readonly { codec: string; id: MuxOptions['codecId'] }[] = [
  { codec: 'vp09.00.40.08', id: 'V_VP9' },
  { codec: 'vp8', id: 'V_VP8' },
];

function encoderConfig(codec: string, size: { width: number; height: number }, fps: number): VideoEncoderConfig {
  return { codec, width: size.width, height: size.height, framerate: fps, bitrate: size.width >= 1920 ? 8_000_000 : 5_000_000, latencyMode: 'quality' };
}

type WebmCodec = (typeof CODECS)[number];
/** Asking the encoder costs about half a second on a loaded machine: once per size and rate is enough. */
const codecs = new Map<string, Promise<WebmCodec | undefined>>();

/** The WebM codec this browser's VideoEncoder can write at `size`, or undefined (no WebCodecs, or neither VP9 nor VP8). */
export function webmCodec(size: { width: number; height: number }, fps = WEBM_FPS): Promise<WebmCodec | undefined> {
  const key = `${size.width}x${size.height}@${fps}`;
  let found = codecs.get(key);
  if (!found) {
    found = findCodec(size, fps);
    // A wait that timed out may succeed later: only an answer is kept.
    found.catch(() => codecs.delete(key));
    codecs.set(key, found);
  }
  return found;
}

async function findCodec(size: { width: number; height: number }, fps: number): Promise<WebmCodec | undefined> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return undefined;
  for (const c of CODECS) {
    try {
      const { supported } = await within(VideoEncoder.isConfigSupported(encoderConfig(c.codec, size, fps)), FRAME_WAIT_MS, 'encoder');
      if (supported) return c;
    } catch (e) {
      if (e instanceof ExportWaitError) throw e;
      // A codec string this browser does not parse: try the next one.
    }
  }
  return undefined;
}

/**
 * Encodes the plan's frames as a WebM with WebCodecs: each frame is drawn on a canvas and
 * handed to a VideoEncoder with its own timestamp (frame i at i/fps s), so nothing waits for
 * wall-clock time and the file's timing is exact however slow or throttled the page is. (The
 * first version fed a canvas captureStream to MediaRecorder in real time; in headless Chromium
 * that stream often delivered no frame at all, and the recording came out empty.) The frames
 * are muxed by webmMux.ts with their Duration and Cues.
 */
export async function recordWebm(source: FrameSource, plan: ClipPlan, size: { width: number; height: number }, onProgress?: Progress): Promise<Blob> {
  const codec = await webmCodec(size, plan.fps);
  if (!codec) throw new NoWebmEncoderError();
  const { canvas, ctx } = newCanvas(size.width, size.height);
  const chunks: MuxFrame[] = [];
  let failure: unknown;
  const encoder = new VideoEncoder({
    output: (chunk) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ data, timestampMs: chunk.timestamp / 1000, key: chunk.type === 'key' });
    },
    error: (e) => {
      failure = e;
    },
  });
  const frameUs = 1_000_000 / plan.fps;
  const keyEvery = Math.max(1, Math.round(KEY_EVERY_S * plan.fps));
  const total = plan.times.length;
  let last: string | undefined;
  try {
    encoder.configure(encoderConfig(codec.codec, size, plan.fps));
    for (let i = 0; i < total; i++) {
      const svg = await within(source(i), FRAME_WAIT_MS, 'frame');
      if (failure) throw failure;
      // A frame like the one before (a held step, a quiet stretch) keeps the canvas as it is.
      if (svg !== last) ctx.drawImage(await svgImage(svg), 0, 0, size.width, size.height);
      last = svg;
      const frame = new VideoFrame(canvas, { timestamp: Math.round(i * frameUs), duration: Math.round(frameUs) });
      try {
        encoder.encode(frame, { keyFrame: i % keyEvery === 0 });
      } finally {
        frame.close();
      }
      await drained(encoder, MAX_QUEUE, () => failure);
      onProgress?.(i + 1, total);
    }
    await within(encoder.flush(), FRAME_WAIT_MS + total * 200, 'encoder');
    if (failure) throw failure;
  } finally {
    if (encoder.state !== 'closed') encoder.close();
  }
  const bytes = muxWebm(chunks, { codecId: codec.id, width: size.width, height: size.height, fps: plan.fps, durationMs: plan.durationMs });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'video/webm' });
}

/**
 * Waits until the encoder holds at most `max` frames: on its `dequeue` event where there is
 * one, else on the next task; gives up (ExportWaitError 'encoder') if it makes no progress.
 */
async function drained(encoder: VideoEncoder, max: number, failed: () => unknown): Promise<void> {
  const deadline = performance.now() + FRAME_WAIT_MS;
  while (encoder.encodeQueueSize > max) {
    const f = failed();
    if (f) throw f;
    if (performance.now() > deadline) throw new ExportWaitError('encoder', FRAME_WAIT_MS);
    await within(
      new Promise<void>((resolve) => {
        encoder.addEventListener('dequeue', () => resolve(), { once: true });
        // Browsers without the event: look again after a task (MessageChannel, never throttled).
        if (!('ondequeue' in encoder)) void nextTask().then(resolve);
      }),
      FRAME_WAIT_MS,
      'encoder',
    );
  }
}

/** Encodes the plan's frames as an animated GIF with gifenc: each frame's own 256-colour palette. */
export async function encodeGif(source: FrameSource, plan: ClipPlan, size: { width: number; height: number }, onProgress?: Progress): Promise<Blob> {
  const { ctx } = newCanvas(size.width, size.height);
  const gif = GIFEncoder();
  const delay = Math.round(1000 / plan.fps);
  const total = plan.times.length;
  let last: { svg: string; palette: number[][]; index: Uint8Array } | undefined;
  for (let i = 0; i < total; i++) {
    const svg = await within(source(i), FRAME_WAIT_MS, 'frame');
    // A frame like the one before is written again without drawing and quantizing it again.
    if (svg !== last?.svg) {
      ctx.drawImage(await svgImage(svg), 0, 0, size.width, size.height);
      const { data } = ctx.getImageData(0, 0, size.width, size.height);
      const palette = quantize(data, 256);
      last = { svg, palette, index: applyPalette(data, palette) };
    }
    gif.writeFrame(last.index, size.width, size.height, { palette: last.palette, delay });
    onProgress?.(i + 1, total);
    // Let the page paint the progress between frames (quantizing 2 MP takes a while).
    await nextTask();
  }
  gif.finish();
  return new Blob([gif.bytes() as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
}
