/**
 * The trace: kube-anatomy's one normalized stream of events (DESIGN.md 3.1). The simulator and
 * every replay importer write it; every view reads it.
 */
export * from './schema.ts';
export * from './jsonl.ts';
export * from './validate.ts';
