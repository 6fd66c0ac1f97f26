/**
 * Strings of `<kube-anatomy-player>` (keys start with 'player.'); ja must have the same keys.
 * player.js imports this file alone, not the catalogue, so it stays small.
 */
export const en = {
  'player.frameTitle': 'kube-anatomy: {name}',
  'player.frameTitleDefault': 'kube-anatomy: an embedded Kubernetes walkthrough',
} as const satisfies Record<string, string>;

export const ja: Record<keyof typeof en, string> = {
  'player.frameTitle': 'kube-anatomy: {name}',
  'player.frameTitleDefault': 'kube-anatomy: 埋め込まれた Kubernetes の解説',
};
