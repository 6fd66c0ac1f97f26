import { UnknownFormatError } from '../../source/errors.ts';
import { useT } from '../i18n/useT.ts';
import { NothingToReplayError } from './useReplayImport.ts';

/** `unknown trace format; known formats: a, b` — how src/replay reports a whole file of no known format. */
const UNKNOWN = /^unknown trace format; known formats: (.*)$/;

/** Why an import failed, in words; for a file of no known format, the formats that are known. */
export function ImportFailure({ error, onDismiss }: { error: Error; onDismiss(): void }) {
  const t = useT();
  let unknown = error instanceof UnknownFormatError || error.name === 'UnknownFormatError' ? (error as UnknownFormatError) : undefined;
  const nothing = error instanceof NothingToReplayError ? error : undefined;
  if (nothing) {
    const first = nothing.errors.find((e) => e.line === 0 && UNKNOWN.test(e.reason));
    const known = first ? (UNKNOWN.exec(first.reason)?.[1] ?? '').split(', ') : [];
    if (first && nothing.errors.every((e) => e.line === 0 && UNKNOWN.test(e.reason))) unknown = new UnknownFormatError(nothing.errors.map((e) => e.file).join(', '), known);
  }
  return (
    <div className="ka-replay-failure" role="alert" data-testid="replay-failure" data-error={error.name}>
      {unknown ? (
        <>
          <p>{t('replay.unknownFormat', { file: unknown.file })}</p>
          <p>{t('replay.knownFormats')}</p>
          <ul data-testid="replay-known-formats">
            {unknown.known.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </>
      ) : nothing ? (
        <>
          <p>{t('replay.noEvents')}</p>
          <ul data-testid="replay-errors">
            {nothing.errors.map((e, i) => (
              <li key={i} data-testid="replay-error">
                <code>{`${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.reason}`}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('replay.failed', { message: error.message })}</p>
      )}
      <button type="button" className="ka-replay-button" data-testid="replay-dismiss" onClick={onDismiss}>
        {t('replay.dismiss')}
      </button>
    </div>
  );
}
