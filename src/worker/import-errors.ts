import { ImportCancelledError, UnknownFormatError } from '../replay/types.ts';
import type { WireImportError } from './import-protocol.ts';

/** A trace URL that could not be fetched: which URL, and the HTTP status or network error. */
export class TraceFetchError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'TraceFetchError';
  }
}

export function toWireImportError(err: unknown): WireImportError {
  if (err instanceof ImportCancelledError || (err instanceof Error && err.name === 'AbortError')) return { kind: 'cancelled' };
  if (err instanceof UnknownFormatError) return { kind: 'unknown-format', file: err.file, known: [...err.known] };
  if (err instanceof TraceFetchError) return { kind: 'fetch', url: err.url, message: err.detail };
  if (err instanceof Error) return { kind: 'internal', name: err.name, message: err.message };
  return { kind: 'internal', name: 'Error', message: String(err) };
}

/** Rebuilds the error thrown in the worker, as its real class where it has one. */
export function fromWireImportError(wire: WireImportError): Error {
  switch (wire.kind) {
    case 'cancelled':
      return new ImportCancelledError();
    case 'unknown-format':
      return new UnknownFormatError(wire.file, wire.known);
    case 'fetch':
      return new TraceFetchError(wire.url, wire.message);
    case 'internal': {
      const err = new Error(wire.message);
      err.name = wire.name;
      return err;
    }
  }
}
