import { getHeapStatistics } from 'node:v8';
import { runScenario } from '../src/engine/index.ts';
import type { TraceEvent } from '../src/trace/schema.ts';
import type { BenchCase } from './scenarios.ts';

/** What one run of one case measured. Sizes in bytes, times in milliseconds. */
export interface Measurement {
  id: string;
  nodes: number;
  pods: number;
  title: string;
  /** Time to build the Scenario object (parse or generate), not part of `wallMs`. */
  buildMs: number;
  /** Wall time of runScenario. */
  wallMs: number;
  /** Trace events the engine emitted (counted by the sink). */
  events: number;
  /** Simulated time at the end of the run. */
  simMicros: number;
  settled: boolean;
  /** Highest process.memoryUsage().heapUsed seen, sampled every SAMPLE_EVERY events and at the end. */
  peakHeapUsed: number;
  /** v8.getHeapStatistics() at the end of the run. */
  heapSizeLimit: number;
  totalHeapSize: number;
  peakMallocedMemory: number;
  /** Peak resident set size of the process (heap, code, native buffers). */
  maxRss: number;
}

/** Sampling the heap costs ~1 µs; every 10,000 events keeps it far below the engine's own work. */
const SAMPLE_EVERY = 10_000;

/**
 * Runs one case in this process with a counting sink (`keepEvents: false`), so memory reflects the
 * cluster's state and not a growing event array. runScenario is synchronous, so the heap is sampled
 * from inside the sink rather than by a timer.
 */
export async function measure(c: BenchCase, seed?: number): Promise<Measurement> {
  const t0 = performance.now();
  const scenario = c.build();
  const buildMs = performance.now() - t0;

  let events = 0;
  let peakHeapUsed = process.memoryUsage().heapUsed;
  const sink = (_ev: TraceEvent): void => {
    events++;
    if (events % SAMPLE_EVERY === 0) {
      const used = process.memoryUsage().heapUsed;
      if (used > peakHeapUsed) peakHeapUsed = used;
    }
  };

  const t1 = performance.now();
  const result = await runScenario(scenario, { sink, keepEvents: false, ...(seed === undefined ? {} : { seed }) });
  const wallMs = performance.now() - t1;
  peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
  const heap = getHeapStatistics();

  return {
    id: c.id,
    nodes: c.nodes,
    pods: c.pods,
    title: c.title,
    buildMs,
    wallMs,
    events,
    simMicros: result.endTime,
    settled: result.settled,
    peakHeapUsed,
    heapSizeLimit: heap.heap_size_limit,
    totalHeapSize: heap.total_heap_size,
    peakMallocedMemory: heap.peak_malloced_memory,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
}
