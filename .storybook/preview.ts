import type { Preview } from '@storybook/react-vite';
import '../src/ui/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    viewport: {
      options: {
        projector720: { name: '1280×720', styles: { width: '1280px', height: '720px' } },
        projector1080: { name: '1920×1080', styles: { width: '1920px', height: '1080px' } },
      },
    },
  },
};

export default preview;
