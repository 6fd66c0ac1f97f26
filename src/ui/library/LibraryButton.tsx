import { Icon } from '../controls/Icon.tsx';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { useAppActions } from '../share/host.tsx';
import './library.css';

// The editor is its own chunk: most visits never open it.
const LibraryDialog = lazy(() => import('./LibraryDialog.tsx').then((m) => ({ default: m.LibraryDialog })));

/** "My files" in the app bar: opens the library of the user's own scenarios and tours. */
export function LibraryButton() {
  const t = useT();
  const actions = useAppActions();
  const [open, setOpen] = useState(false);
  if (!actions) return null;
  return (
    <>
      <button type="button" className="ka-btn ka-library-btn ka-appbar-action" data-testid="library-button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)} title={t('library.button')}>
        <Icon name="folder" />
        <span className="ka-appbar-label">{t('library.button')}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <LibraryDialog actions={actions} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
