/**
 * The engine: a deterministic function (scenario, seed, commands) → trace events.
 * Pure TypeScript with an injected simulated clock and seeded RNG; it runs unchanged in Node
 * (tests, CLI, benchmarks) and in a Web Worker.
 */
export { parseScenario } from './scenario/parse.ts';
export { runScenario, type RunOptions, type RunResult, type StepOutput, type UserActionInRun } from './scenario/runner.ts';
export { ScenarioError, type Scenario, type ScenarioStep, type ClusterSpec, type NodeSpecInScenario } from './scenario/types.ts';
export { SIMULATED_RUNTIMES } from './cluster.ts';
