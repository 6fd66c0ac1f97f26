/**
 * The error classes the UI recognises, without the barrel (index.ts): a static import of the
 * barrel would put the replay sources it re-exports into the app's first chunk, while the UI
 * loads them only when a trace is opened (src/ui/replay/lazySources.ts).
 */
export { SourceDisposedError } from './types.ts';
export { ImportCancelledError, UnknownFormatError } from '../replay/types.ts';
export { TraceFetchError } from '../worker/import-errors.ts';
