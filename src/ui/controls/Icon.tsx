/** Player icons as inline SVG (no icon font, no network). */
export function Icon({ name }: { name: 'play' | 'pause' | 'step-forward' | 'step-back' | 'restart' | 'tune' | 'open-external' | 'folder' | 'share' | 'download' }) {
  const paths: Record<typeof name, string> = {
    play: 'M8 5.5v13l11-6.5z',
    pause: 'M7 5h3.5v14H7zM13.5 5H17v14h-3.5z',
    'step-forward': 'M6 6v12l8.5-6zM16 6h2.5v12H16z',
    'step-back': 'M18 6v12l-8.5-6zM5.5 6H8v12H5.5z',
    restart: 'M12 5a7 7 0 1 1-6.93 8h2.03A5 5 0 1 0 12 7v3L7.5 6 12 2z',
    // Sliders: the display settings (language, theme) folded into one button on narrow bars.
    // A box with an arrow leaving it: "open in a new tab" where a label does not fit.
    'open-external': 'M14 3h7v7h-2V6.41l-9.29 9.3-1.42-1.42L17.59 5H14V3zM5 5h6v2H6v11h11v-5h2v6H5V5z',
    // The app bar's actions, shown alone where the bar is narrow (layout.css .ka-appbar-label).
    folder: 'M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2z',
    share: 'M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11A2.99 2.99 0 1 0 15 5c0 .24.04.47.09.7L8.04 9.81a3 3 0 1 0 0 4.38l7.12 4.16c-.05.21-.08.43-.08.65A2.92 2.92 0 1 0 18 16.08z',
    download: 'M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z',
    tune: 'M3 17v2h6v-2H3zM3 5v2h10V5H3zm10 16v-2h8v-2h-8v-2h-2v6h2zM7 9v2H3v2h4v2h2V9H7zm14 4v-2H11v2h10zm-6-4h2V7h4V5h-4V3h-2v6z',
  };
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
