import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook (`npm run storybook`): one story per view and per component state, each a fixture
 * trace plus a playhead (DESIGN.md 4). Stories live in stories/ and reuse the app's Vite config.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: false },
};

export default config;
