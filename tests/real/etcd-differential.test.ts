import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { firstDifference, formatDifference } from './support/etcd-diff/compare.ts';
import { sequenceArb } from './support/etcd-diff/generate.ts';
import { runModel } from './support/etcd-diff/model-side.ts';
import type { CommandOutput } from './support/etcd-diff/ops.ts';
import { runReal } from './support/etcd-diff/real-side.ts';
import { formatSequence } from './support/etcd-diff/render.ts';
import { chooseSetup } from './support/etcd-diff/setup.ts';
import { requireCommand } from './support/host.ts';

/**
 * Differential test of the simulated etcd and etcdctl against Debian's etcd 3.4.23: random
 * sequences of etcdctl commands (put/get/del/txn/compaction/lease/endpoint status/watch) run on
 * a fresh real etcd and through the scenario runner, and must print the same, after the
 * normalizations of support/etcd-diff/normalize.ts (what differs by design; see the README
 * there). A failure is shrunk to a short sequence and shows it, with both outputs.
 *
 * ETCD_DIFF_SEED and ETCD_DIFF_RUNS choose other sequences; ETCD_DIFF_SHRINK_MS bounds the
 * time spent shrinking a failure (each try starts a real etcd).
 */

const SEED = Number(process.env.ETCD_DIFF_SEED ?? 20261201);
const RUNS = Number(process.env.ETCD_DIFF_RUNS ?? 200);
const SHRINK_BUDGET_MS = Number(process.env.ETCD_DIFF_SHRINK_MS ?? 240_000);
/** About 1 s a sequence on 2 cores; three times that, plus shrinking, is the limit. */
const TIMEOUT_MS = RUNS * 3_000 + SHRINK_BUDGET_MS + 60_000;
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

describe('etcdctl on the simulated etcd vs a real etcd 3.4.23', () => {
  it(
    `prints what the real one prints, for ${RUNS} random command sequences`,
    async () => {
      const bin = { etcd: requireCommand('etcd', 'etcd-server'), etcdctl: requireCommand('etcdctl', 'etcd-client') };
      const setup = await chooseSetup();
      const started = Date.now();
      let sequences = 0;
      let commands = 0;
      let firstFailureAt: number | undefined;
      try {
        await fc.assert(
          fc.asyncProperty(sequenceArb, async (seq) => {
            // Shrinking starts a real etcd per try: past the budget, the smallest failure so
            // far is the answer (every further candidate is let pass without running).
            if (firstFailureAt !== undefined && Date.now() - firstFailureAt > SHRINK_BUDGET_MS) return;
            sequences++;
            commands += seq.commands.length;
            const real = await runReal(seq.commands, bin, setup);
            let model: CommandOutput[];
            try {
              model = runModel(seq.commands, setup);
            } catch (err) {
              firstFailureAt ??= Date.now();
              throw new Error(`the model threw on this sequence (ETCD_DIFF_SEED=${SEED}):\n${formatSequence(seq.commands)}\n${(err as Error).stack ?? String(err)}`);
            }
            const diff = firstDifference(seq.commands, real, model);
            if (diff) {
              firstFailureAt ??= Date.now();
              const report = formatDifference(seq.commands, diff, SEED);
              // The last one written is the smallest: fast-check only keeps shrinking failures.
              mkdirSync(ARTIFACTS, { recursive: true });
              writeFileSync(join(ARTIFACTS, 'etcd-differential-failure.txt'), report + '\n');
              throw new Error(report);
            }
          }),
          { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
        );
      } finally {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`etcd differential: ${sequences} sequences, ${commands} commands in ${seconds} s (seed ${SEED}, ${RUNS} runs asked)`);
      }
    },
    TIMEOUT_MS,
  );
});
