import type { HttpResponse } from '../../../api/http.ts';
import { statusOf } from './context.ts';

/**
 * The Go errors `kubectl drain` passes around, and how they come out on the terminal. Drain
 * builds its messages from nested errors (fmt.Errorf strings, apiserver StatusErrors and
 * utilerrors aggregates), and the text depends on which is which: an aggregate prints as
 * `[a, b]` in "due to error: …", but kubectl's CheckErr prints one per line without "error: ".
 *
 * Read from k8s.io/apimachinery/pkg/util/errors/errors.go (aggregate.Error, visit) and
 * k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr, MultipleErrors, messageForError,
 * StandardErrorMessage).
 */
export type GoError =
  /** errors.New / fmt.Errorf with %v: only its text is left. */
  | { kind: 'plain'; message: string }
  /** *apierrors.StatusError: Error() is the Status message; kubectl prefixes the reason. */
  | { kind: 'status'; reason: string; message: string }
  | { kind: 'aggregate'; errors: GoError[] };

export const plainError = (message: string): GoError => ({ kind: 'plain', message });

export function statusError(res: HttpResponse): GoError {
  const { reason, message } = statusOf(res);
  return { kind: 'status', reason, message };
}

/** utilerrors.NewAggregate: nil for no errors. */
export function aggregate(errors: readonly GoError[]): GoError | undefined {
  return errors.length === 0 ? undefined : { kind: 'aggregate', errors: [...errors] };
}

/** The leaves of an aggregate in order, nested aggregates flattened (aggregate.visit). */
function leaves(err: GoError): GoError[] {
  return err.kind === 'aggregate' ? err.errors.flatMap(leaves) : [err];
}

/** err.Error(): an aggregate of one prints its error; of more, `[a, b]` without repeats. */
export function errorText(err: GoError): string {
  if (err.kind !== 'aggregate') return err.message;
  if (err.errors.length === 1) return errorText(err.errors[0] as GoError);
  const seen: string[] = [];
  for (const leaf of leaves(err)) {
    const text = errorText(leaf);
    if (!seen.includes(text)) seen.push(text);
  }
  return seen.length === 1 ? (seen[0] as string) : `[${seen.join(', ')}]`;
}

/** StandardErrorMessage: only API status errors are recognised. */
function standardMessage(err: GoError): string | undefined {
  if (err.kind !== 'status') return undefined;
  if (err.reason === 'Unauthorized') return `error: You must be logged in to the server (${err.message})`;
  return err.reason ? `Error from server (${err.reason}): ${err.message}` : `Error from server: ${err.message}`;
}

/** messageForError: the standard message, else err.Error() (with no "error: " added). */
function messageForError(err: GoError): string {
  return standardMessage(err) ?? errorText(err);
}

/**
 * What cmdutil.CheckErr writes to stderr before exiting 1: an aggregate of one is unwrapped;
 * an aggregate prints each of its errors on its own line (MultipleErrors); anything else gets
 * the standard message or an "error: " prefix. The text ends with a newline.
 */
export function checkErrText(err: GoError): string {
  const e = err.kind === 'aggregate' && err.errors.length === 1 ? (err.errors[0] as GoError) : err;
  if (e.kind === 'aggregate') return e.errors.map((x) => `${messageForError(x)}\n`).join('');
  let msg = standardMessage(e) ?? errorText(e);
  if (e.kind !== 'status' && !msg.startsWith('error: ')) msg = `error: ${msg}`;
  return msg.endsWith('\n') ? msg : `${msg}\n`;
}
