import { useEffect, useRef, type ReactNode } from 'react';
import { SessionProvider, useSession } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { useT } from '../i18n/useT.ts';
import { DropZone } from './DropZone.tsx';
import { ImportFailure } from './ImportFailure.tsx';
import { ImportProgressBar } from './ImportProgressBar.tsx';
import { OpenTrace } from './OpenTrace.tsx';
import { useReplayImport, type Replay, type ReplayRequest, type ReplaySources } from './useReplayImport.ts';
import './replay.css';

export interface ReplayHostProps {
  store: SessionStore;
  /** A replay is ready: the app shows it (the scenario it was on stays loaded to go back to). */
  onReplay(replay: Replay): void;
  /** A request to start with (`?trace=<url>` in the app's URL). */
  initial?: ReplayRequest;
  sources?: ReplaySources;
  /** The app, given the "Open trace" controls to place in its bar. */
  children(openTrace: ReactNode): ReactNode;
}

/**
 * Everything around a replay's import, over the whole app: the drop zone, the open controls
 * (handed to the app for its bar), the progress bar with Cancel while importing, and why an
 * import failed. The views keep showing what they showed until the replay is ready.
 */
export function ReplayHost(props: ReplayHostProps) {
  return (
    <SessionProvider store={props.store}>
      <ReplayHostBody {...props} />
    </SessionProvider>
  );
}

function ReplayHostBody({ onReplay, initial, sources, children }: ReplayHostProps) {
  const t = useT();
  const { state, open, cancel, dismiss } = useReplayImport(onReplay, sources);
  const theme = useSession((s) => s.theme);
  const lang = useSession((s) => s.lang);
  useInitial(initial, open);
  // The theme's variables live on `.ka-root[data-theme]`: the banner above the views, the
  // overlays and the toast sit outside the Workbench's root, so this frame carries them too
  // (ka-replay-frame undoes .ka-root's page grid).
  return (
    <div className="ka-root ka-replay-frame" data-theme={theme} lang={lang}>
    <DropZone onOpen={open}>
      {children(<OpenTrace onOpen={open} />)}
      {state.status === 'importing' && (
        <div className="ka-replay-overlay">
          <ImportProgressBar files={state.files} {...(state.progress ? { progress: state.progress } : {})} onCancel={cancel} />
        </div>
      )}
      {state.status === 'failed' && (
        <div className="ka-replay-overlay">
          <ImportFailure error={state.error} onDismiss={dismiss} />
        </div>
      )}
      {state.status === 'cancelled' && (
        <div className="ka-replay-toast" role="status" data-testid="replay-cancelled">
          {t('replay.cancelled')}
          <button type="button" className="ka-replay-button ka-replay-button--quiet" onClick={dismiss}>
            {t('replay.dismiss')}
          </button>
        </div>
      )}
    </DropZone>
    </div>
  );
}


/**
 * Starts the initial request once per mount. React's StrictMode mounts, unmounts and mounts
 * again in development, and the unmount stops the import it started: the cleanup forgets it,
 * so the second mount starts it again instead of leaving it cancelled.
 */
function useInitial(initial: ReplayRequest | undefined, open: (req: ReplayRequest) => void) {
  const started = useRef<ReplayRequest | undefined>(undefined);
  useEffect(() => {
    if (!initial || started.current === initial) return;
    started.current = initial;
    open(initial);
    return () => {
      started.current = undefined;
    };
  }, [initial, open]);
}
