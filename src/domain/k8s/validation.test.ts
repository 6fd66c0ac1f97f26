import { describe, expect, it } from 'vitest';
import { fieldInvalid, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './validation.ts';

describe('validation messages (apimachinery util/validation)', () => {
  it('DNS-1123 labels and subdomains', () => {
    expect(isDNS1123Label('web-1')).toEqual([]);
    expect(isDNS1123Label('Web')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1123Subdomain('web.example.com')).toEqual([]);
    expect(isDNS1123Subdomain('my_app')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('qualified names (label keys)', () => {
    expect(isQualifiedName('app')).toEqual([]);
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('x/')[0]).toBe('name part must be non-empty');
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
    expect(isQualifiedName('n'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('Bad_Prefix/app')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });

  it('label values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('v1.2_3-x')).toEqual([]);
    expect(isValidLabelValue('-x')).toHaveLength(1);
    expect(isValidLabelValue('v'.repeat(64))).toContain('must be no more than 63 characters');
  });

  it('formats field.Invalid errors', () => {
    expect(fieldInvalid('metadata.name', 'Web', 'bad')).toBe('metadata.name: Invalid value: "Web": bad');
    expect(fieldInvalid('spec.replicas', -1, 'must be greater than or equal to 0')).toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});
