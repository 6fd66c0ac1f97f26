import { runScenario } from '../../../../src/engine/scenario/runner.ts';
import type { Scenario, ScenarioStep } from '../../../../src/engine/scenario/types.ts';
import type { CommandLine, CommandOutput } from './ops.ts';
import { grantsOf, isLeaseGrant, resolvePlaceholders, usesPlaceholders } from './placeholders.ts';
import { clientURL, type EtcdSetup, peerURL } from './setup.ts';

/**
 * The model side: the same command lines through the simulator's scenario runner, on an
 * etcd-only cluster with the real side's name, URLs, token and timing.
 *
 * A scenario is run whole, but a lease placeholder needs the ids the model printed earlier in
 * the same sequence. The simulator is a pure function of the scenario, and a step never depends
 * on the steps after it, so the prefix up to a command that needs ids is run first and its
 * grant outputs read; the full run then gives the same outputs for that prefix (checked).
 */

export function modelScenario(steps: readonly CommandLine[], setup: EtcdSetup): Scenario {
  return {
    file: 'etcd-differential',
    seed: 1,
    timeOrigin: '2026-01-01T09:00:00Z',
    cluster: {
      controlPlane: 'control-plane',
      nodes: [],
      kubernetes: false,
      etcd: {
        name: setup.name,
        initialAdvertisePeerURLs: [peerURL(setup)],
        advertiseClientURLs: [clientURL(setup)],
        initialClusterToken: setup.initialClusterToken,
        heartbeatIntervalMs: setup.heartbeatIntervalMs,
        electionTimeoutMs: setup.electionTimeoutMs,
      },
    },
    objects: [],
    steps: steps.map((s, i): ScenarioStep => ({ type: 'run', line: i + 1, command: s.line, ...(s.stdin !== undefined ? { stdin: s.stdin } : {}) })),
  };
}

function run(steps: readonly CommandLine[], setup: EtcdSetup): CommandOutput[] {
  const outputs = runScenario(modelScenario(steps, setup)).outputs;
  if (outputs.length !== steps.length) throw new Error(`the scenario runner gave ${outputs.length} outputs for ${steps.length} run steps`);
  return outputs.map((o) => ({ exitCode: o.exitCode, stdout: o.stdout, stderr: o.stderr }));
}

export function runModel(commands: readonly CommandLine[], setup: EtcdSetup): CommandOutput[] {
  const resolved: CommandLine[] = [];
  /** Outputs of the last prefix run, and how many commands it covered. */
  let prefix: CommandOutput[] = [];
  for (const [i, cmd] of commands.entries()) {
    const grantSinceLastRun = commands.slice(prefix.length, i).some((c) => isLeaseGrant(c.line));
    if (usesPlaceholders(cmd) && grantSinceLastRun) prefix = run(resolved, setup);
    resolved.push({ ...cmd, line: resolvePlaceholders(cmd.line, grantsOf(resolved.slice(0, prefix.length), prefix)) });
  }
  const outputs = run(resolved, setup);
  // The ids the placeholders were resolved with must be the ones the full run printed.
  const early = grantsOf(resolved.slice(0, prefix.length), prefix);
  const late = grantsOf(resolved.slice(0, prefix.length), outputs);
  if (early.join() !== late.join()) throw new Error(`the model is not deterministic: lease grants gave ${early.join(',')} in a prefix run and ${late.join(',')} in the full run`);
  return outputs;
}
