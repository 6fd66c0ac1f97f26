import { useState } from 'react';
import { EmbedView } from '../src/embed/EmbedView.tsx';
import { createSessionStore } from '../src/ui/session/store.ts';
import { Workbench } from '../src/ui/shell/Workbench.tsx';
import { fixtureTimeline, PLAYHEADS } from './harness.tsx';

/** The whole app view and the embed, each with its own session store. */
export const App720p = () => {
  const [store] = useState(() => createSessionStore({ t: PLAYHEADS.containersCreating }));
  return (
    <div style={{ width: 1280, height: 720 }}>
      <Workbench timeline={fixtureTimeline} store={store} />
    </div>
  );
};
export const AppProjectorDarkJapanese1080p = () => {
  const [store] = useState(() => createSessionStore({ t: PLAYHEADS.pullingImage, theme: 'projector-dark', lang: 'ja' }));
  return (
    <div style={{ width: 1920, height: 1080 }}>
      <Workbench timeline={fixtureTimeline} store={store} />
    </div>
  );
};
/** Two embeds on one page: separate stores, so playing one does not move the other. */
export const TwoEmbeds = () => {
  const [a] = useState(() => createSessionStore({ t: PLAYHEADS.podsUnscheduled }));
  const [b] = useState(() => createSessionStore({ t: PLAYHEADS.end, theme: 'projector-light', lang: 'ja' }));
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ width: 960, height: 540 }}>
        <EmbedView timeline={fixtureTimeline} store={a} fullAppHref="#/" />
      </div>
      <div style={{ width: 960, height: 540 }}>
        <EmbedView timeline={fixtureTimeline} store={b} fullAppHref="#/" />
      </div>
    </div>
  );
};

/**
 * `#/embed?views=topology,etcd,node&controls=min`: the dock views beside the topology and only
 * the player, as a slide that shows the node's side would ask for.
 */
export const EmbedNodeViewsMinControls = () => {
  const [store] = useState(() => createSessionStore({ t: PLAYHEADS.containersCreating, theme: 'projector-dark' }));
  return (
    <div style={{ width: 1280, height: 720 }}>
      <EmbedView timeline={fixtureTimeline} store={store} fullAppHref="#/" views={['topology', 'etcd', 'node']} controls="min" />
    </div>
  );
};
/** `controls=none`: the host deck drives it; nothing but the views. */
export const EmbedNoControlsJapanese = () => {
  const [store] = useState(() => createSessionStore({ t: PLAYHEADS.pullingImage, lang: 'ja' }));
  return (
    <div style={{ width: 960, height: 540 }}>
      <EmbedView timeline={fixtureTimeline} store={store} fullAppHref="#/" views={['topology', 'timeline', 'events']} controls="none" />
    </div>
  );
};

export default { title: 'Views/Workbench' };
