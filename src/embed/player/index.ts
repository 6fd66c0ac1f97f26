/**
 * player.js, the one file a host page loads (`<script type="module" src=".../player.js">`):
 * registers `<kube-anatomy-player>` and exports the host-side client, which decks (the reveal.js
 * plugin in examples/decks/reveal) use to drive an embed in an iframe of their own.
 * No React and nothing of the app: only the protocol's types and the player's strings.
 */
import { definePlayer } from './element.ts';

export { EmbedClient, iframeOrigin, type ClientOptions, type ClientEventName, type EmbedWindow, type MessageHost } from './client.ts';
export { KubeAnatomyPlayer, definePlayer } from './element.ts';
export { embedUrl, readAttributes } from './attributes.ts';
export type { EmbedEventDetail, EmbedState } from './vocabulary.ts';

definePlayer();
