import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type LaunchedBrowser } from './browser.ts';

/**
 * One Chromium for a test file: launched before its tests (making `artifacts`, the folder its
 * screenshots go to) and closed after them. The object stands for the browser from then on, so a
 * file reads `browser.context` as it would with its own `launchChromium()`.
 */
export function chromiumForFile(artifacts: string): LaunchedBrowser {
  let launched: LaunchedBrowser | undefined;
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get context(): BrowserContext {
      if (!launched) throw new Error('chromiumForFile: the browser is used before beforeAll launched it');
      return launched.context;
    },
    close: async () => launched?.close(),
  };
}
