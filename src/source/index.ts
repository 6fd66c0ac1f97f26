/**
 * Trace sources (architecture-models 4.8): where a trace comes from, behind one interface.
 * Start with types.ts, then simulation-source.ts.
 */
export { SourceDisposedError, type LoadedTrace, type StepOutput, type TraceSource } from './types.ts';
export { createSimulationSource, type SimulationSourceOptions, type SimulationSourceDeps } from './simulation-source.ts';
export { createTraceTextSource, decodeTraceText } from './text-source.ts';
export { loadTimeline, inTraceOrder } from './load-timeline.ts';
export { WorkerUnavailableError, type WorkerLike } from './worker-client.ts';
export type { EngineApi } from '../worker/run-simulation.ts';
// Re-exported so the UI can recognise scenario and trace-file errors without importing the
// engine (which it may not) or reaching into trace/.
export { ScenarioError } from '../engine/scenario/types.ts';
export { TraceFormatError } from '../trace/jsonl.ts';
// Replay (issue 5): recorded files and URLs through the import worker, and live traces.
export { createReplayFileSource, type ReplaySourceOptions, type ReplaySourceDeps } from './replay-file-source.ts';
export { createReplayUrlSource, type ReplayUrlOptions } from './replay-url-source.ts';
export { createReplayLiveSource, LiveTraceError, type ReplayLiveOptions, type WebSocketLike } from './replay-live-source.ts';
export { isStreaming, type ReplaySummary, type StreamingTraceSource } from './types.ts';
export type { ImportSpec } from '../worker/import-protocol.ts';
export { TraceFetchError } from '../worker/import-errors.ts';
export { ImportCancelledError, UnknownFormatError, type ImportError, type ImportedSource, type ImportProgress } from '../replay/types.ts';
// Forking the run at a paused playhead (issue 6): a branch is the scenario plus the user's actions.
export { runBranch, knownFaultTypes, knownFaultFields, type BranchAction, type BranchRunInput, type BranchRunDeps } from './branch.ts';
