import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for the app, which is served from another origin than the server
 * (`npm start` at http://localhost:5173, `npm run preview` at :4173, or a static host).
 * Only the allowed origins get the CORS headers; `*` allows any. The same list decides which
 * browser pages may open the live WebSockets (browsers send `Origin` there and do not apply CORS).
 */

/** The app's own origins in development and preview (vite.config.ts). */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];

export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true; // not a browser page: curl, the recorder, the CLI
  return allowed.includes('*') || allowed.includes(origin);
}

/** Adds the CORS headers for an allowed origin; answers a preflight. Returns true when it answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin !== undefined && isOriginAllowed(origin, allowed)) {
    res.setHeader('Access-Control-Allow-Origin', allowed.includes('*') ? '*' : origin);
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges, ETag, Last-Modified');
  }
  if (req.method !== 'OPTIONS') return false;
  if (origin !== undefined && isOriginAllowed(origin, allowed)) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range, If-None-Match, If-Modified-Since');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204, { Allow: 'GET, HEAD, OPTIONS' });
  res.end();
  return true;
}
