import { LibraryButton } from '../library/LibraryButton.tsx';
import { ShareButton } from './ShareButton.tsx';

/** The app bar's share and library buttons, mounted with one line at Workbench's `app-bar actions` marker. */
export function AppBarShare() {
  return (
    <>
      <LibraryButton />
      <ShareButton />
    </>
  );
}
