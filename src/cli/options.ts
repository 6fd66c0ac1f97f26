/**
 * A small GNU-style option reader for the CLI's own options: `--trace FILE`, `--trace=FILE`,
 * `-h`. Unlike kubectl's flags (commands/kubectl/flags.ts) there is nothing to imitate here,
 * only to be predictable.
 */
export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  takesValue: boolean;
  /** Another option (long name) this one only works with. */
  requires?: string;
  /** May be given several times (`--format a=x --format b=y`): every value is in `lists`. */
  repeatable?: boolean;
}

export interface ParsedOptions {
  /** The last value of each option given. */
  values: Map<string, string | true>;
  /** Every value of the repeatable options, in order. */
  lists: Map<string, string[]>;
  positionals: string[];
}

export function readOptions(argv: readonly string[], specs: readonly OptionSpec[]): ParsedOptions | { error: string } {
  const values = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const name = long ? arg.slice(2, eq < 0 ? undefined : eq) : arg.slice(1);
    const spec = specs.find((s) => (long ? s.name === name : s.short === name));
    if (!spec) return { error: `unknown option ${long ? `--${name}` : arg}` };
    if (!spec.takesValue) {
      if (long && eq >= 0) return { error: `option --${spec.name} takes no value` };
      values.set(spec.name, true);
      continue;
    }
    let value: string | undefined;
    if (long && eq >= 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === '') return { error: `option --${spec.name} needs a value` };
    values.set(spec.name, value);
    if (spec.repeatable) lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
  }
  for (const spec of specs) {
    if (spec.requires !== undefined && values.has(spec.name) && !values.has(spec.requires)) return { error: `option --${spec.name} needs --${spec.requires}` };
  }
  return { values, lists, positionals };
}
