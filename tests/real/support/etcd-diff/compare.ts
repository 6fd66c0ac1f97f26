import type { CommandLine, CommandOutput } from './ops.ts';
import { normalizePair } from './normalize.ts';
import { formatSequence } from './render.ts';

/**
 * Compares the two sides of a sequence after normalization and writes what a reader of a
 * failure needs: the sequence as a user would type it (txn stdin as a here-document), the
 * first command whose output differs, and both outputs, normalized and as printed.
 */

export interface Difference {
  index: number;
  field: 'exitCode' | 'stdout' | 'stderr';
  real: CommandOutput;
  model: CommandOutput;
  rawReal: CommandOutput;
  rawModel: CommandOutput;
}

export function firstDifference(commands: readonly CommandLine[], real: readonly CommandOutput[], model: readonly CommandOutput[]): Difference | undefined {
  const n = normalizePair(commands, real, model);
  for (let i = 0; i < commands.length; i++) {
    const r = n.real[i];
    const m = n.model[i];
    if (!r || !m) throw new Error(`missing output for command ${i + 1} (real ${real.length}, model ${model.length})`);
    for (const field of ['exitCode', 'stdout', 'stderr'] as const) {
      if (r[field] !== m[field]) return { index: i, field, real: r, model: m, rawReal: real[i] as CommandOutput, rawModel: model[i] as CommandOutput };
    }
  }
  return undefined;
}

function formatOutput(o: CommandOutput): string {
  const block = (name: string, text: string): string => (text === '' ? `  ${name}: (empty)` : `  ${name}:\n${text.replace(/\n$/, '').split('\n').map((l) => `    | ${l}`).join('\n')}`);
  return [`  exit code: ${o.exitCode}`, block('stdout', o.stdout), block('stderr', o.stderr)].join('\n');
}

export function formatDifference(commands: readonly CommandLine[], d: Difference, seed: number): string {
  const cmd = commands[d.index] as CommandLine;
  return [
    `etcd differential: the model differs from etcd 3.4.23 (ETCD_DIFF_SEED=${seed})`,
    '',
    'sequence:',
    formatSequence(commands),
    '',
    `first difference: command ${d.index + 1} (${d.field}): ${cmd.line}`,
    'real etcd (normalized):',
    formatOutput(d.real),
    'model (normalized):',
    formatOutput(d.model),
    'real etcd (as printed):',
    formatOutput(d.rawReal),
    'model (as printed):',
    formatOutput(d.rawModel),
  ].join('\n');
}
