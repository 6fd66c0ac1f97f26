/** Ladle (`npm run storybook` = `ladle serve`): stories live in stories/, one per view. */
export default {
  stories: 'stories/**/*.stories.{ts,tsx}',
  viteConfig: 'vite.config.ts',
  addons: {
    theme: { enabled: false },
    rtl: { enabled: false },
    width: { enabled: true, options: { '720p': 1280, '1080p': 1920 }, defaultState: 0 },
  },
};
