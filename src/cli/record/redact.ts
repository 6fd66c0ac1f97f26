/**
 * Redaction of secrets and tokens in what `kube-anatomy record` captures (on by default,
 * `--no-redact` turns it off). Values are replaced by "<redacted>" and the shape is kept (the
 * keys of a Secret's `data` stay, so the replay still shows which keys it had). Pure.
 *
 * What is redacted, wherever it appears (a watch event's object, an audit Event's request and
 * response objects, a list's items, an OTLP span attribute):
 * - Secrets (kind Secret, the items of a SecretList, audit bodies of `secrets`): every value of
 *   `data` and `stringData` (service-account tokens `kubernetes.io/service-account-token` and
 *   bootstrap tokens `bootstrap.kubernetes.io/token` are Secrets), and the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation, which repeats them;
 * - TokenRequest `status.token` and TokenReview `spec.token` (the bodies of
 *   `serviceaccounts/token` and `tokenreviews` requests);
 * - any value under a key named like `authorization` (an HTTP header in a span attribute), and
 *   `Bearer <token>` inside any string;
 * - env entries `{name, value}` whose name looks like a secret (TOKEN, PASSWORD, SECRET, KEY…);
 *   in other objects' last-applied-configuration too (it is JSON in a string: redacted inside);
 * - etcd values of `/registry/secrets/…` keys (base64 in `etcdctl -w json`): the base64 of
 *   "<redacted>".
 */
export const REDACTED = '<redacted>';
const REDACTED_B64 = 'PHJlZGFjdGVkPg=='; // base64("<redacted>")
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Env names that hold secrets by convention: API_KEY, DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY… */
const SECRET_NAME = /TOKEN|PASSWORD|PASSWD|SECRET|KEY|CREDENTIAL/i;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;
/** Audit `objectRef.resource`s whose bodies are secrets or tokens. */
const SECRET_RESOURCES = new Set(['secrets']);
const TOKEN_SUBRESOURCES = new Set(['token']);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Context {
  /** Inside a Secret (or a body the audit Event says is one). */
  secret: boolean;
}

/** A redacted copy of a JSON value. */
export function redactValue(value: unknown): unknown {
  return walk(value, { secret: false }, undefined);
}

function walk(value: unknown, ctx: Context, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && /authorization/i.test(key)) return REDACTED;
    return value.includes('Bearer') ? value.replace(BEARER, `$1 ${REDACTED}`) : value;
  }
  // `{"Authorization": […]}`: every string below it.
  if (key !== undefined && /authorization/i.test(key)) return redactAllStrings(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, ctx, undefined));
  if (!isObject(value)) return value;
  // A header attribute `{"key":"http.request.header.authorization","value":{"stringValue":…}}` (OTLP).
  if (typeof value.key === 'string' && /authorization/i.test(value.key) && value.value !== undefined) {
    return { ...value, value: redactAllStrings(value.value) };
  }

  const kind = value.kind;
  const secret = ctx.secret || kind === 'Secret';
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (secret && (k === 'data' || k === 'stringData') && isObject(v)) {
      out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
    } else if (k === 'items' && kind === 'SecretList' && Array.isArray(v)) {
      out[k] = v.map((item) => walk(item, { secret: true }, undefined));
    } else if (k === 'metadata' && isObject(v)) {
      out[k] = redactMetadata(v, secret, ctx);
    } else if ((k === 'requestObject' || k === 'responseObject') && isAuditEvent(value)) {
      out[k] = walk(v, { secret: auditBodyIsSecret(value) }, k);
      if (isObject(out[k]) && auditBodyIsToken(value)) out[k] = redactToken(out[k] as Json);
    } else if (k === 'value' && typeof v === 'string' && typeof value.name === 'string' && SECRET_NAME.test(value.name)) {
      out[k] = REDACTED; // an env var {name, value}
    } else if (k === 'kvs' && Array.isArray(v)) {
      out[k] = v.map(redactEtcdKv); // `etcdctl get -w json`
    } else if ((k === 'kv' || k === 'prev_kv') && isObject(v)) {
      out[k] = redactEtcdKv(v); // `etcdctl watch -w json`: Events[].kv, prev_kv
    } else {
      out[k] = walk(v, { secret: k === 'object' ? false : ctx.secret && k !== 'metadata' }, k);
    }
  }
  if (kind === 'TokenRequest' || kind === 'TokenReview') return redactToken(out);
  return out;
}

function redactMetadata(meta: Json, secret: boolean, ctx: Context): Json {
  const copy = walk(meta, { secret: false }, 'metadata') as Json;
  const annotations = copy.annotations;
  if (isObject(annotations) && typeof annotations[LAST_APPLIED] === 'string') {
    let applied: string;
    if (secret || ctx.secret) applied = REDACTED;
    else {
      try {
        applied = `${JSON.stringify(redactValue(JSON.parse(annotations[LAST_APPLIED] as string)))}\n`;
      } catch {
        applied = annotations[LAST_APPLIED] as string; // not JSON: kubectl always writes JSON, keep what is there
      }
    }
    copy.annotations = { ...annotations, [LAST_APPLIED]: applied };
  }
  return copy;
}

function redactToken(o: Json): Json {
  const out = { ...o };
  if (isObject(out.spec) && typeof out.spec.token === 'string') out.spec = { ...out.spec, token: REDACTED };
  if (isObject(out.status) && typeof out.status.token === 'string') out.status = { ...out.status, token: REDACTED };
  return out;
}

function redactAllStrings(v: unknown): unknown {
  if (typeof v === 'string') return REDACTED;
  if (Array.isArray(v)) return v.map(redactAllStrings);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactAllStrings(x)]));
  return v;
}

function isAuditEvent(o: Json): boolean {
  return o.kind === 'Event' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('audit.k8s.io/');
}

function auditBodyIsSecret(o: Json): boolean {
  const ref = o.objectRef;
  return isObject(ref) && typeof ref.resource === 'string' && SECRET_RESOURCES.has(ref.resource);
}

function auditBodyIsToken(o: Json): boolean {
  const ref = o.objectRef;
  if (!isObject(ref)) return false;
  return ref.resource === 'tokenreviews' || (ref.resource === 'serviceaccounts' && typeof ref.subresource === 'string' && TOKEN_SUBRESOURCES.has(ref.subresource));
}

/** etcdctl's JSON: a KeyValue's key and value are base64; Secrets live under /registry/secrets/. */
function redactEtcdKv(kv: unknown): unknown {
  if (!isObject(kv) || typeof kv.key !== 'string') return walk(kv, { secret: false }, undefined);
  let key: string;
  try {
    key = atob(kv.key);
  } catch {
    return kv;
  }
  if (key.startsWith('/registry/secrets/') && typeof kv.value === 'string') return { ...kv, value: REDACTED_B64 };
  return kv;
}

/**
 * One captured JSON line, redacted. Lines that are not JSON get only the `Bearer` rule. Lines
 * that need no change come back as they were, byte for byte; changed ones keep integers too
 * large for a double exactly (etcd's uint64 cluster_id / member_id).
 */
export function redactJsonLine(line: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(protectBigIntegers(line));
  } catch {
    return line.includes('Bearer') ? line.replace(BEARER, `$1 ${REDACTED}`) : line;
  }
  const redacted = redactValue(parsed);
  const text = JSON.stringify(redacted);
  if (text === JSON.stringify(parsed)) return line;
  return restoreBigIntegers(text);
}

const BIG = '\u0000int:';

/** Integers of 16 digits or more (outside strings) become marked strings so JSON.parse keeps them. */
function protectBigIntegers(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400)) as RegExpExecArray;
      const num = m[0];
      out += m[1] === undefined && m[2] === undefined && num.replace('-', '').length >= 16 ? JSON.stringify(BIG + num) : num;
      i += num.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function restoreBigIntegers(text: string): string {
  return text.replace(/"\\u0000int:(-?\d+)"/g, '$1');
}
