import { describe, expect, it } from 'vitest';
import { parseUrl } from '../url.ts';
import { appLocation, embedUrl, readAttributes } from './attributes.ts';

describe('player attributes', () => {
  it('become the embed URL, which the embed reads back as the same state', () => {
    const { config, warnings } = readAttributes({ tour: 'how-a-pod-comes-to-be', step: '2', lang: 'ja', theme: 'projector-dark', views: 'topology,etcd', controls: 'min', t: '1.5s', seed: '7' });
    expect(warnings).toEqual([]);
    const url = embedUrl(new URL('http://127.0.0.1:4173/'), config, 'http://127.0.0.1:4173');
    expect(url).toBe('http://127.0.0.1:4173/#/embed?tour=how-a-pod-comes-to-be&step=2&t=1.5s&seed=7&lang=ja&theme=projector-dark&views=topology,etcd&controls=min');
    const u = new URL(url);
    expect(parseUrl(u.search, u.hash)).toEqual({ route: 'embed', tour: 'how-a-pod-comes-to-be', step: 2, t: 1_500_000, seed: 7, lang: 'ja', theme: 'projector-dark', views: ['topology', 'etcd'], controls: 'min' });
  });

  it('warn about each bad value, naming the attribute and the value, and leave it out', () => {
    const { config, warnings } = readAttributes({ tour: 'x', step: 'abc', lang: 'fr', theme: 'neon', views: 'etcd,kubelet', controls: 'some', t: 'soon', seed: '-1' });
    expect(config).toEqual({ tour: 'x', views: ['etcd'] });
    expect(warnings.map((w) => w.message)).toEqual([
      'kube-anatomy-player: step="abc" is not a step number from 1; using step 1',
      'kube-anatomy-player: lang="fr" is not a language (en, ja); using the browser\'s language',
      'kube-anatomy-player: theme="neon" is not a theme (light, dark, projector-light, projector-dark); using light',
      'kube-anatomy-player: views="etcd,kubelet" is not a list of views (topology, timeline, events, statechart, etcd, scheduler, node, console): kubelet unknown; using etcd',
      'kube-anatomy-player: controls="some" is not one of full, min, none; using full',
      "kube-anatomy-player: t=\"soon\" is not a duration such as 1.5s or 250ms, or seconds; using the tour step's moment",
      "kube-anatomy-player: seed=\"-1\" is not a whole number; using the scenario's seed",
    ]);
    expect(readAttributes({ step: '0' }).warnings[0]!.attribute).toBe('step');
  });

  it('add origins=<page origin> only when the app is on another origin', () => {
    const cross = embedUrl(new URL('http://app.test/ka/'), { tour: 't' }, 'http://deck.test:8000');
    expect(cross).toBe('http://app.test/ka/#/embed?tour=t&origins=http%3A%2F%2Fdeck.test%3A8000');
    expect(parseUrl('', new URL(cross).hash).origins).toEqual(['http://deck.test:8000']);
    expect(embedUrl(new URL('http://app.test/ka/index.html#/old'), {}, 'http://app.test')).toBe('http://app.test/ka/index.html#/embed');
  });

  it('find the app from src, or next to the player script', () => {
    expect(appLocation(null, 'http://deck.test/talk/', 'http://deck.test/ka/player.js').url.href).toBe('http://deck.test/ka/');
    expect(appLocation('../app/', 'http://deck.test/talk/index.html', 'http://x.test/player.js').url.href).toBe('http://deck.test/app/');
    const bad = appLocation('http://[oops', 'http://deck.test/', 'http://deck.test/ka/player.js');
    expect(bad.url.href).toBe('http://deck.test/ka/');
    expect(bad.warning?.message).toBe('kube-anatomy-player: src="http://[oops" is not a URL; using http://deck.test/ka/');
  });
});
