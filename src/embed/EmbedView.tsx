import { useEffect, useMemo } from 'react';
import type { Timeline } from '../timeline/index.ts';
import { useT } from '../ui/i18n/useT.ts';
import { playerControls } from '../ui/playback/usePlayer.ts';
import type { SessionStore } from '../ui/session/store.ts';
import { Workbench } from '../ui/shell/Workbench.tsx';
import { handleEmbedMessage } from './protocol.ts';

export interface EmbedViewProps {
  timeline: Timeline;
  store: SessionStore;
  /** Link to the same trace in the full app. */
  fullAppHref: string;
  onSettingsChange?: Parameters<typeof Workbench>[0]['onSettingsChange'];
}

/**
 * The embed (DESIGN 3.4): the same views with minimal chrome, for an iframe in a slide deck.
 * Listens for postMessage commands from its parent and announces `ready`.
 */
export function EmbedView({ timeline, store, fullAppHref, onSettingsChange }: EmbedViewProps) {
  const controls = useMemo(() => playerControls(store, timeline), [store, timeline]);
  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const reply = handleEmbedMessage(ev.data, controls, store);
      if (reply && ev.source && 'postMessage' in ev.source) (ev.source as Window).postMessage(reply, { targetOrigin: '*' });
    };
    window.addEventListener('message', onMessage);
    if (window.parent !== window) window.parent.postMessage({ type: 'ready' }, '*');
    return () => window.removeEventListener('message', onMessage);
  }, [controls, store]);

  return (
    <Workbench
      timeline={timeline}
      store={store}
      chrome="minimal"
      onSettingsChange={onSettingsChange}
      headerExtra={<OpenFull href={fullAppHref} />}
    />
  );
}

function OpenFull({ href }: { href: string }) {
  const t = useT();
  return (
    <a className="ka-btn ka-btn--small ka-open-full" href={href} target="_blank" rel="noopener">
      {t('app.openFull')}
    </a>
  );
}
