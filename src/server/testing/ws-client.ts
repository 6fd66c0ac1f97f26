import { connectWebSocket } from '../ws/client.ts';
import type { WsConnection } from '../ws/connection.ts';

/** A test's WebSocket peer: every message it received (parsed JSON) and how it was closed. */
export interface RecordingPeer {
  conn: WsConnection;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once a message matches. */
  waitFor(pred: (m: unknown) => boolean): Promise<unknown>;
}

export async function peer(url: string, origin?: string): Promise<RecordingPeer> {
  const conn = await connectWebSocket(url, { pingIntervalMs: 0, ...(origin ? { origin } : {}) });
  const messages: unknown[] = [];
  const waiters: { pred: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  let onClosed: (c: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((r) => (onClosed = r));
  conn.on({
    message: (text) => {
      const m = JSON.parse(text) as unknown;
      messages.push(m);
      for (const w of [...waiters]) if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    },
    close: (code, reason) => onClosed({ code, reason }),
  });
  return {
    conn,
    messages,
    closed,
    waitFor: (pred) => {
      const found = messages.find(pred);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}
