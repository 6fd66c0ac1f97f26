import { describe, expect, it } from 'vitest';
import { aggregate, checkErrText, errorText, plainError, type GoError } from './drain-errors.ts';

/**
 * Go error texts as drain prints them: k8s.io/apimachinery/pkg/util/errors/errors.go
 * (aggregate.Error) and k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr, MultipleErrors).
 */

const a = plainError('cannot delete A: ns/x');
const b = plainError('cannot delete B: ns/y');
const notFound: GoError = { kind: 'status', reason: 'NotFound', message: 'nodes "node-9" not found' };

describe('aggregate.Error', () => {
  it('prints one error as itself and several in brackets, without repeats, nested ones flattened', () => {
    expect(errorText(aggregate([a]) as GoError)).toBe('cannot delete A: ns/x');
    expect(errorText(aggregate([a, b]) as GoError)).toBe('[cannot delete A: ns/x, cannot delete B: ns/y]');
    expect(errorText(aggregate([a, a]) as GoError)).toBe('cannot delete A: ns/x');
    expect(errorText(aggregate([aggregate([a, b]) as GoError, a]) as GoError)).toBe('[cannot delete A: ns/x, cannot delete B: ns/y]');
    expect(aggregate([])).toBeUndefined();
  });
});

describe('cmdutil.CheckErr', () => {
  it('unwraps an aggregate of one and prints an inner aggregate one error per line, without "error: "', () => {
    expect(checkErrText(aggregate([aggregate([a, b]) as GoError]) as GoError)).toBe('cannot delete A: ns/x\ncannot delete B: ns/y\n');
    expect(checkErrText(aggregate([aggregate([a]) as GoError]) as GoError)).toBe('cannot delete A: ns/x\n');
  });

  it('prints several aggregates (several nodes) with their bracketed texts, one per line', () => {
    expect(checkErrText(aggregate([aggregate([a, b]) as GoError, aggregate([a]) as GoError]) as GoError)).toBe('[cannot delete A: ns/x, cannot delete B: ns/y]\ncannot delete A: ns/x\n');
  });

  it('prefixes plain errors with "error: " and API errors with the server reason', () => {
    expect(checkErrText(plainError('timed out waiting for the condition'))).toBe('error: timed out waiting for the condition\n');
    expect(checkErrText(plainError('error: already prefixed'))).toBe('error: already prefixed\n');
    expect(checkErrText(notFound)).toBe('Error from server (NotFound): nodes "node-9" not found\n');
    expect(checkErrText(aggregate([notFound]) as GoError)).toBe('Error from server (NotFound): nodes "node-9" not found\n');
    expect(checkErrText({ kind: 'status', reason: '', message: 'etcdserver: request timed out' })).toBe('Error from server: etcdserver: request timed out\n');
  });
});
