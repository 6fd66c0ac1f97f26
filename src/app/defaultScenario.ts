import scenarioText from '../../examples/hello-deployment.scenario.yaml?raw';
import type { Timeline } from '../timeline/index.ts';
import { createSimulationSource, loadTimeline } from '../source/index.ts';

/** The scenario the app opens with, bundled as text so the app works offline and from any path. */
export const DEFAULT_SCENARIO = { text: scenarioText, file: 'hello-deployment.scenario.yaml' } as const;

/**
 * Runs the default scenario (in a Web Worker where possible) and builds its timeline.
 * `seed` overrides the scenario's seed.
 */
export async function loadDefaultTimeline(seed?: number): Promise<Timeline> {
  const source = createSimulationSource({ scenarioText: DEFAULT_SCENARIO.text, scenarioFile: DEFAULT_SCENARIO.file, useWorker: true, ...(seed !== undefined ? { seed } : {}) });
  try {
    const { timeline } = await loadTimeline(source);
    return timeline;
  } finally {
    source.dispose();
  }
}
