import { TRACE_FORMAT, TRACE_KINDS, TRACE_VERSION } from './schema.ts';

/**
 * Validators at the boundary (file import, worker protocol). They return a reason in words, or
 * undefined when the value is well formed; inside the engine, events are trusted.
 */
export function validateHeader(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the header is not a JSON object';
  if (value.format !== TRACE_FORMAT) return `not a kube-anatomy trace: "format" is ${JSON.stringify(value.format)}, expected "${TRACE_FORMAT}"`;
  if (value.version !== TRACE_VERSION) return `unsupported trace version ${JSON.stringify(value.version)} (this build reads version ${TRACE_VERSION})`;
  if (typeof value.timeOrigin !== 'string' || Number.isNaN(Date.parse(value.timeOrigin))) return '"timeOrigin" must be an RFC 3339 timestamp';
  if (!Array.isArray(value.sources)) return '"sources" must be a list';
  return undefined;
}

export function validateEvent(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the line is not a JSON object';
  if (!Number.isInteger(value.seq)) return '"seq" must be an integer';
  if (!Number.isInteger(value.t)) return '"t" must be an integer number of microseconds';
  if (value.dur !== undefined && (!Number.isInteger(value.dur) || (value.dur as number) < 0)) return '"dur" must be a non-negative integer';
  if (typeof value.kind !== 'string' || !(TRACE_KINDS as readonly string[]).includes(value.kind)) {
    return `"kind" must be one of ${TRACE_KINDS.join(', ')}, got ${JSON.stringify(value.kind)}`;
  }
  if (typeof value.actor !== 'string' || value.actor === '') return '"actor" must be a non-empty string';
  if (typeof value.op !== 'string') return '"op" must be a string';
  if (typeof value.src !== 'string') return '"src" must be a string';
  if (value.to !== undefined && typeof value.to !== 'string') return '"to" must be a string';
  if (value.cause !== undefined && !Number.isInteger(value.cause)) return '"cause" must be the integer seq of an earlier event';
  if (value.cause !== undefined && (value.cause as number) >= (value.seq as number)) return `"cause" ${String(value.cause)} is not earlier than seq ${String(value.seq)}`;
  if (value.ref !== undefined) {
    if (!isRecord(value.ref)) return '"ref" must be an object';
    if (typeof value.ref.kind !== 'string' || typeof value.ref.name !== 'string') return '"ref" needs "kind" and "name"';
  }
  if (value.attrs !== undefined && !isRecord(value.attrs)) return '"attrs" must be an object';
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
