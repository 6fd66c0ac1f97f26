/**
 * A flag parser with the semantics and error messages of spf13/pflag, which kubectl uses
 * through cobra (read from pflag's flag.go: parseArgs, parseLongArg, parseSingleShortArg, and
 * its bool/int/stringSlice values). Flags may come before, between or after positional
 * arguments; `--` ends the flags; a lone `-` is a positional argument.
 *
 * Accepted spellings: `--namespace=ns`, `--namespace ns`, `-n ns`, `-nns`, `-n=ns`, grouped
 * bool shorthands (`-Aw`), and `-owide`.
 */

export type FlagKind = 'bool' | 'string' | 'int' | 'stringSlice' | 'duration';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  kind: FlagKind;
  /**
   * The value a flag gets when it is given without one (`--dry-run` alone means "unchanged" in
   * pflag terms). Bool flags always have "true" here, as in pflag.
   */
  noOptDefVal?: string;
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedFlags {
  /** By long name; only the flags that were given. */
  values: Map<string, FlagValue>;
  /** Positional arguments in order. */
  args: string[];
}

/** A parse failure, worded exactly as pflag words it (without kubectl's "error: " prefix). */
export interface FlagError {
  flagError: string;
}

export function isFlagError(x: ParsedFlags | FlagError): x is FlagError {
  return 'flagError' in x;
}

/** Parses argv (without the command words) against the flags a command accepts. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags | FlagError {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand as string, s]));
  const values = new Map<string, FlagValue>();
  const args: string[] = [];
  const rest = [...argv];

  const set = (spec: FlagSpec, raw: string): FlagError | undefined => {
    const parsed = convert(spec, raw, values.get(spec.name));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return { flagError: `invalid argument ${goQuote(raw)} for ${goQuote(displayName(spec))} flag: ${parsed.error}` };
    }
    values.set(spec.name, parsed);
    return undefined;
  };

  while (rest.length > 0) {
    const s = rest.shift() as string;
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      continue;
    }
    if (s[1] === '-') {
      if (s.length === 2) {
        args.push(...rest);
        break;
      }
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return { flagError: `bad flag syntax: ${s}` };
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const spec = byName.get(name);
      if (!spec) return { flagError: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (defaultWithoutValue(spec) !== undefined) value = defaultWithoutValue(spec) as string;
      else if (rest.length > 0) value = rest.shift() as string;
      else return { flagError: `flag needs an argument: ${s}` };
      const err = set(spec, value);
      if (err) return err;
      continue;
    }
    // one or more shorthands: -A, -Aw, -owide, -o=wide, -o wide
    let shorthands = s.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0] as string;
      const spec = byShort.get(c);
      if (!spec) return { flagError: `unknown shorthand flag: '${c}' in -${shorthands}` };
      let value: string;
      let next = shorthands.slice(1);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        value = shorthands.slice(2);
        next = '';
      } else if (defaultWithoutValue(spec) !== undefined) {
        value = defaultWithoutValue(spec) as string;
      } else if (shorthands.length > 1) {
        value = shorthands.slice(1);
        next = '';
      } else if (rest.length > 0) {
        value = rest.shift() as string;
      } else {
        return { flagError: `flag needs an argument: '${c}' in -${shorthands}` };
      }
      const err = set(spec, value);
      if (err) return err;
      shorthands = next;
    }
  }
  return { values, args };
}

function defaultWithoutValue(spec: FlagSpec): string | undefined {
  return spec.kind === 'bool' ? 'true' : spec.noOptDefVal;
}

/** pflag names a flag in value errors as "-w, --watch" when it has a shorthand. */
function displayName(spec: FlagSpec): string {
  return spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue | { error: string } {
  switch (spec.kind) {
    case 'bool':
      return parseGoBool(raw) ?? { error: `strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax` };
    case 'int': {
      const n = parseGoInt(raw);
      return n ?? { error: `strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax` };
    }
    case 'stringSlice': {
      // pflag reads the value as one CSV record and appends to what earlier uses of the flag gave
      const parts = raw === '' ? [] : raw.split(',');
      return [...(Array.isArray(previous) ? previous : []), ...parts];
    }
    case 'duration':
      return parseGoDuration(raw) === undefined ? { error: `time: invalid duration ${goQuote(raw)}` } : raw;
    case 'string':
      return raw;
  }
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64) for the values a flag can reasonably hold. */
export function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const body = (m[2] as string).replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return Number.isSafeInteger(n) ? sign * n : undefined;
}

const GO_DURATION_UNITS: Record<string, number> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

/** time.ParseDuration, in microseconds (rounded). "0" is valid; a bare number is not. */
export function parseGoDuration(s: string): number | undefined {
  let text = s;
  let sign = 1;
  if (text.startsWith('-') || text.startsWith('+')) {
    sign = text[0] === '-' ? -1 : 1;
    text = text.slice(1);
  }
  if (text === '0') return 0;
  if (text === '') return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * (GO_DURATION_UNITS[m[2] as string] as number);
    at = re.lastIndex;
  }
  return sign * Math.round(total);
}

/** Go's %q for plain strings: JSON escaping is the same for the text kubectl users type. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
