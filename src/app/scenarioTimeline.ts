import type { Timeline } from '../timeline/index.ts';
// Not the barrel (source/index.ts): it would bring the replay sources into the first chunk.
import { createSimulationSource } from '../source/simulation-source.ts';
import { loadTimeline } from '../source/load-timeline.ts';
import type { ScenarioEntry } from './scenarios.ts';

/**
 * Runs one example (in a Web Worker where possible) and builds its timeline. `seed` overrides
 * the scenario's seed.
 */
export async function scenarioTimeline(entry: ScenarioEntry, seed?: number): Promise<Timeline> {
  const scenarioText = await entry.load();
  const source = createSimulationSource({ scenarioText, scenarioFile: entry.file, useWorker: true, ...(seed !== undefined ? { seed } : {}) });
  try {
    const { timeline } = await loadTimeline(source);
    return timeline;
  } finally {
    source.dispose();
  }
}
