import type { RecorderMessage } from '../../replay/live-protocol.ts';
import { CLOSE } from '../ws/frames.ts';

/**
 * Checks a recorder's frame against the live protocol (src/replay/live-protocol.ts). A frame
 * that is not one of its messages closes the connection: 1007 when it is not JSON or a message
 * has wrong fields, 1008 for a message out of order; the reason names the frame and the field.
 */
export type Checked = { ok: RecorderMessage } | { code: number; reason: string };

export function checkRecorderMessage(text: string, frameNo: number): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { code: CLOSE.invalidPayload, reason: `frame ${frameNo}: not JSON (${(e as Error).message})` };
  }
  const bad = (what: string): Checked => ({ code: CLOSE.invalidPayload, reason: `frame ${frameNo}: ${what}` });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('expected a JSON object with "type"');
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      if (m.version !== 1) return bad(`hello: version must be 1, got ${JSON.stringify(m.version)}`);
      if (typeof m.startedAt !== 'string' || Number.isNaN(Date.parse(m.startedAt))) return bad('hello: startedAt must be an RFC 3339 time');
      if (m.node !== undefined && typeof m.node !== 'string') return bad('hello: node must be a string');
      if (m.generator !== undefined && typeof m.generator !== 'string') return bad('hello: generator must be a string');
      return { ok: m as RecorderMessage };
    case 'lines':
      if (typeof m.file !== 'string' || m.file === '') return bad('lines: file must be a non-empty string');
      if (m.format !== undefined && typeof m.format !== 'string') return bad('lines: format must be a string');
      if (!Array.isArray(m.lines)) return bad('lines: lines must be an array of strings');
      for (const [i, l] of m.lines.entries()) if (typeof l !== 'string') return bad(`lines: lines[${i}] is not a string`);
      return { ok: m as RecorderMessage };
    case 'end':
      return { ok: { type: 'end' } };
    default:
      return { code: CLOSE.policyViolation, reason: `frame ${frameNo}: unknown message type ${JSON.stringify(m.type)} (expected hello, lines or end)` };
  }
}
