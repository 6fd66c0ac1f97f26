import { describe, expect, it } from 'vitest';
import { AuditPolicyFileError, parseAuditPolicyFile } from './audit-policy-file.ts';

const FILE = 'audit-policy.yaml';
const HEAD = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** The error parseAuditPolicyFile throws for `text`, as the CLI prints it. */
function errorOf(text: string, file = FILE): string {
  try {
    parseAuditPolicyFile(text, file);
  } catch (e) {
    if (e instanceof AuditPolicyFileError) return e.message;
    throw e;
  }
  throw new Error('the policy was accepted');
}

describe('parseAuditPolicyFile: a valid policy (apiserver/pkg/audit/policy/reader.go, apis/audit/v1/types.go)', () => {
  it('reads the rules, the policy-wide omitStages and omitManagedFields, in order', () => {
    // reader_test.go's policy, with the fields added since.
    const text = lines(
      HEAD.trimEnd(),
      'omitStages: [RequestReceived]',
      'omitManagedFields: true',
      'rules:',
      '  - level: None',
      '    nonResourceURLs:',
      '      - /healthz*',
      '      - /version',
      '  - level: RequestResponse',
      '    users: ["tim"]',
      '    userGroups: ["testers", "developers"]',
      '    verbs: ["patch", "delete", "create"]',
      '    resources:',
      '      - group: ""',
      '      - group: "rbac.authorization.k8s.io"',
      '        resources: ["clusterroles", "clusterrolebindings"]',
      '        resourceNames: ["admin"]',
      '    namespaces: ["default", "kube-system"]',
      '    omitStages: [ResponseStarted]',
      '    omitManagedFields: false',
      '  - level: Metadata',
    );
    expect(parseAuditPolicyFile(text, FILE)).toEqual({
      policy: {
        omitStages: ['RequestReceived'],
        omitManagedFields: true,
        rules: [
          { level: 'None', nonResourceURLs: ['/healthz*', '/version'] },
          {
            level: 'RequestResponse',
            users: ['tim'],
            userGroups: ['testers', 'developers'],
            verbs: ['patch', 'delete', 'create'],
            resources: [{ group: '' }, { group: 'rbac.authorization.k8s.io', resources: ['clusterroles', 'clusterrolebindings'], resourceNames: ['admin'] }],
            namespaces: ['default', 'kube-system'],
            omitStages: ['ResponseStarted'],
            omitManagedFields: false,
          },
          { level: 'Metadata' },
        ],
      },
      warnings: [],
    });
  });

  it('reads the same policy from JSON, and takes a missing kind as Policy (json.go gvkWithDefaults)', () => {
    const json = '{\n  "apiVersion": "audit.k8s.io/v1",\n  "kind": "Policy",\n  "rules": [{"level": "Metadata", "verbs": ["get"]}]\n}\n';
    expect(parseAuditPolicyFile(json, 'policy.json').policy).toEqual({ rules: [{ level: 'Metadata', verbs: ['get'] }] });
    expect(parseAuditPolicyFile('apiVersion: audit.k8s.io/v1\nrules: [{level: Metadata}]\n', FILE).policy).toEqual({ rules: [{ level: 'Metadata' }] });
  });

  it('reads only the first YAML document, as go-yaml v2 Unmarshal does', () => {
    expect(parseAuditPolicyFile(`${HEAD}rules: [{level: Request}]\n---\nkind: [broken\n`, FILE).policy).toEqual({ rules: [{ level: 'Request' }] });
  });
});

describe('parseAuditPolicyFile: decoding errors (reader.go "failed decoding: …", runtime/serializer/json/json.go)', () => {
  it('names the line and column of a YAML syntax error', () => {
    // The broken rule of a real CKS exercise: resources' items under namespaces.
    const text = lines(HEAD.trimEnd(), 'rules:', '  - level: Metadata', '    namespaces: ["kube-system"]', '      - group: ""', '        resources: ["configmaps"]');
    expect(errorOf(text)).toMatch(/^audit-policy\.yaml:6:1: failed decoding: yaml: line 6: \S/);
  });

  it('gives encoding/json scanner.go messages for broken JSON, at the character', () => {
    expect(errorOf('{"apiVersion": "audit.k8s.io/v1", "rules": [{"level": "Metadata"},]}', 'p.json')).toBe(
      `p.json:1:67: failed decoding: couldn't get version/kind; json parse error: invalid character ']' looking for beginning of value`,
    );
    expect(errorOf('{\n  "kind": "Policy",\n}\n', 'p.json')).toBe(`p.json:3:1: failed decoding: couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string`);
    expect(errorOf('{"kind": "Policy"', 'p.json')).toBe(`p.json:1:18: failed decoding: couldn't get version/kind; json parse error: unexpected end of JSON input`);
  });

  it('refuses a kind or version the audit scheme does not register (runtime/error.go notRegisteredErr)', () => {
    expect(errorOf('apiVersion: audit.k8s.io/v1\nkind: policy\nrules: [{level: None}]\n')).toBe(
      'audit-policy.yaml:2:7: failed decoding: no kind "policy" is registered for version "audit.k8s.io/v1" in scheme "pkg/audit/scheme.go:30"',
    );
    // v1beta1 and v1alpha1 were removed in 1.24.
    expect(errorOf('apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: None}]\n')).toBe(
      'audit-policy.yaml:2:7: failed decoding: no kind "Policy" is registered for version "audit.k8s.io/v1beta1" in scheme "pkg/audit/scheme.go:30"',
    );
    expect(errorOf('apiVersion: v1\nkind: Policy\nrules: []\n')).toMatch(/: failed decoding: no kind "Policy" is registered for version "v1" in scheme/);
    expect(errorOf('kind: AuditPolicy\nrules: []\n')).toBe(
      'audit-policy.yaml:1:7: failed decoding: no kind "AuditPolicy" is registered for the internal version of group "audit.k8s.io" in scheme "pkg/audit/scheme.go:30"',
    );
    expect(errorOf('apiVersion: audit.k8s.io/v1\nkind: Event\n')).toBe('audit-policy.yaml:2:7: failed decoding: converting (v1.Event) to (audit.Policy): unknown conversion');
    expect(errorOf('apiVersion: audit.k8s.io/v1/x\nkind: Policy\n')).toBe('audit-policy.yaml:1:13: failed decoding: unexpected GroupVersion string: audit.k8s.io/v1/x');
  });

  it('refuses a file that is not an object, or whose apiVersion is not a string (meta.go Interpret)', () => {
    expect(errorOf('- level: None\n')).toBe(
      `audit-policy.yaml:1:1: failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
    expect(errorOf('apiVersion: 1\nkind: Policy\n')).toBe(`audit-policy.yaml:1:13: failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string`);
  });

  it('names the Go struct field of a value of the wrong type, the first one met (encoding/json UnmarshalTypeError)', () => {
    expect(errorOf(`${HEAD}rules: [{level: 3}]\n`)).toBe('audit-policy.yaml:3:17: failed decoding: json: cannot unmarshal number into Go struct field PolicyRule.rules.level of type v1.Level');
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    users: alice\n`)).toBe('audit-policy.yaml:5:12: failed decoding: json: cannot unmarshal string into Go struct field PolicyRule.rules.users of type []string');
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    resources: [{group: "", resources: [pods, 5]}]\n`)).toBe(
      'audit-policy.yaml:5:47: failed decoding: json: cannot unmarshal number into Go struct field GroupResources.rules.resources.resources of type string',
    );
    expect(errorOf(`${HEAD}rules: Metadata\n`)).toBe('audit-policy.yaml:3:8: failed decoding: json: cannot unmarshal string into Go struct field Policy.rules of type []v1.PolicyRule');
    expect(errorOf(`${HEAD}rules: [Metadata]\n`)).toBe('audit-policy.yaml:3:9: failed decoding: json: cannot unmarshal string into Go struct field Policy.rules of type v1.PolicyRule');
    // YAML 1.1: "yes" is a boolean, as go-yaml v2 reads it.
    expect(errorOf(`${HEAD}omitManagedFields: "yes"\nrules: [{level: None}]\n`)).toBe('audit-policy.yaml:3:20: failed decoding: json: cannot unmarshal string into Go struct field Policy.omitManagedFields of type bool');
    expect(parseAuditPolicyFile(`${HEAD}omitManagedFields: yes\nrules: [{level: None}]\n`, FILE).policy.omitManagedFields).toBe(true);
  });

  it('meets keys in sorted order in YAML (converted through a Go map) and as written in JSON', () => {
    const yaml = `${HEAD}rules:\n  - verbs: 1\n    level: 2\n`;
    expect(errorOf(yaml)).toMatch(/Go struct field PolicyRule\.rules\.level of type v1\.Level$/);
    const json = '{"apiVersion": "audit.k8s.io/v1", "kind": "Policy", "rules": [{"verbs": 1, "level": 2}]}';
    expect(errorOf(json, 'p.json')).toMatch(/Go struct field PolicyRule\.rules\.verbs of type \[\]string$/);
  });
});

describe('parseAuditPolicyFile: strict decoding, then lenient (reader.go LoadPolicyFromBytes)', () => {
  it('warns about unknown fields, with their paths, and drops them', () => {
    const text = lines(HEAD.trimEnd(), 'rules:', '  - level: Metadata', '    resource: [{group: ""}]', '    Verbs: [get]');
    const { policy, warnings } = parseAuditPolicyFile(text, FILE);
    expect(policy).toEqual({ rules: [{ level: 'Metadata' }] });
    expect(warnings).toEqual([
      'audit-policy.yaml:6:5: Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].Verbs", unknown field "rules[0].resource"',
    ]);
  });

  it('keeps the warnings on the error when the lenient decode is refused afterwards', () => {
    try {
      parseAuditPolicyFile(`${HEAD}rules:\n  - levl: Metadata\n`, FILE);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AuditPolicyFileError);
      expect((e as AuditPolicyFileError).message).toBe('audit-policy.yaml:4:5: rules[0].level: Required value');
      expect((e as AuditPolicyFileError).warnings).toEqual([
        'audit-policy.yaml:4:5: Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].levl"',
      ]);
    }
  });

  it('warns about a key given twice (go-yaml v2 strict) and keeps the last value', () => {
    const { policy, warnings } = parseAuditPolicyFile(`${HEAD}rules:\n  - level: Metadata\n    level: None\n`, FILE);
    expect(policy.rules).toEqual([{ level: 'None' }]);
    expect(warnings).toEqual([
      'audit-policy.yaml:5:5: Audit policy contains errors, falling back to lenient decoding: strict decoding error: yaml: unmarshal errors:\n  line 5: key "level" already set in map',
    ]);
  });

  it('reports JSON repeats as duplicate fields, in document order with unknown ones (sigs.k8s.io/json)', () => {
    const json = '{"apiVersion": "audit.k8s.io/v1", "kind": "Policy", "rules": [{"level": "Metadata", "extra": 1, "level": "None"}]}';
    expect(parseAuditPolicyFile(json, 'p.json').warnings).toEqual([
      'p.json:1:85: Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].extra", duplicate field "rules[0].level"',
    ]);
  });
});

describe('parseAuditPolicyFile: the checks after decoding (reader.go, apis/audit/validation/validation.go ValidatePolicy)', () => {
  it('refuses a policy without apiVersion: it decodes into the internal version (reader_test.go TestParsePolicyWithNoVersionOrKind)', () => {
    expect(errorOf('rules:\n  - level: None\n')).toBe('audit-policy.yaml: unknown group version field audit.k8s.io/__internal, Kind=Policy in policy');
    expect(errorOf('')).toBe('audit-policy.yaml: unknown group version field audit.k8s.io/__internal, Kind=Policy in policy');
  });

  it('refuses a policy with 0 rules (reader_test.go TestPolicyCntCheck)', () => {
    expect(errorOf(HEAD)).toBe('audit-policy.yaml: loaded illegal policy with 0 rules');
    expect(errorOf(`${HEAD}rules: []\n`)).toBe('audit-policy.yaml: loaded illegal policy with 0 rules');
  });

  it('requires a level and refuses an unknown one (validateLevel)', () => {
    expect(errorOf(`${HEAD}rules:\n  - verbs: [get]\n`)).toBe('audit-policy.yaml:4:5: rules[0].level: Required value');
    expect(errorOf(`${HEAD}rules:\n  - level: none\n`)).toBe('audit-policy.yaml:4:12: rules[0].level: Unsupported value: "none": supported values: "None", "Metadata", "Request", "RequestResponse"');
  });

  it('refuses a rule for both resources and non-resource URLs, and badly formed URLs (validateNonResourceURLs)', () => {
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    namespaces: [default]\n    nonResourceURLs: ["/logs*"]\n`)).toBe(
      'audit-policy.yaml:6:22: rules[0].nonResourceURLs: Invalid value: []string{"/logs*"}: rules cannot apply to both regular resources and non-resource URLs',
    );
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    nonResourceURLs: [logs, "/logs/*.log", "*"]\n`)).toBe(
      'audit-policy.yaml:5:23: [rules[0].nonResourceURLs[0]: Invalid value: "logs": non-resource URL rules must begin with a \'/\' character, ' +
        'rules[0].nonResourceURLs[1]: Invalid value: "/logs/*.log": non-resource URL wildcards \'*\' must be the final character of the rule]',
    );
  });

  it('refuses a group that is not a DNS subdomain and resourceNames without resources (validateResources)', () => {
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    resources: [{group: rbac.authorization.k8s.io/v1, resources: [roles]}]\n`)).toBe(
      'audit-policy.yaml:5:25: rules[0].resources.group: Invalid value: "rbac.authorization.k8s.io/v1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    );
    expect(errorOf(`${HEAD}rules:\n  - level: Metadata\n    resources: [{resourceNames: [leader]}]\n`)).toBe(
      'audit-policy.yaml:5:33: rules[0].resources.resourceNames: Invalid value: []string{"leader"}: using resourceNames requires at least one resource',
    );
  });

  it("refuses stages that do not exist, in the policy's omitStages and in a rule's (validateOmitStages)", () => {
    expect(errorOf(`${HEAD}omitStages: [ResponseComplet]\nrules: [{level: None, omitStages: [Foo]}]\n`)).toBe(
      'audit-policy.yaml:3:14: [omitStages[0]: Invalid value: "ResponseComplet": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic, ' +
        'rules[0].omitStages[0]: Invalid value: "Foo": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic]',
    );
  });

  it('prints the same message once (field.ErrorList.ToAggregate)', () => {
    const message = errorOf(`${HEAD}rules:\n  - level: Metadata\n    resources: [{group: A}, {group: A}]\n`);
    expect(message).toMatch(/^audit-policy\.yaml:5:25: rules\[0\]\.resources\.group: Invalid value: "A": a lowercase RFC 1123 subdomain /);
    expect(message.split('Invalid value')).toHaveLength(2);
  });
});
