import { describe, it, expect } from 'vitest';
import { parseUrl, parseTime, urlNotes, withHashParam } from './url.ts';

describe('parseUrl', () => {
  it('defaults to the app with no parameters', () => {
    expect(parseUrl('', '')).toEqual({ route: 'app' });
    expect(parseUrl('', '#/')).toEqual({ route: 'app' });
  });
  it('reads the embed route and its parameters from the hash', () => {
    expect(parseUrl('', '#/embed?lang=ja&theme=projector-dark&t=1.5s')).toEqual({ route: 'embed', lang: 'ja', theme: 'projector-dark', t: 1_500_000 });
  });
  it('reads lang from the query or the hash of the main app', () => {
    expect(parseUrl('?lang=ja', '')).toMatchObject({ route: 'app', lang: 'ja' });
    expect(parseUrl('', '#/?lang=ja')).toMatchObject({ route: 'app', lang: 'ja' });
    expect(parseUrl('?lang=en', '#/?lang=ja').lang).toBe('ja');
  });
  it('reads a seed', () => {
    expect(parseUrl('', '#/embed?seed=42').seed).toBe(42);
  });
  it('reads the scenario name from the hash or the query, the hash winning', () => {
    expect(parseUrl('', '#/?scenario=drain')).toEqual({ route: 'app', scenario: 'drain' });
    expect(parseUrl('?scenario=probes', '')).toEqual({ route: 'app', scenario: 'probes' });
    expect(parseUrl('?scenario=probes', '#/embed?scenario=drain&t=2s')).toEqual({ route: 'embed', scenario: 'drain', t: 2_000_000 });
  });
  it('reads a tour and its 1-based step; a step that is not a positive integer is left out', () => {
    expect(parseUrl('', '#/?tour=how-a-pod-comes-to-be&step=3&lang=ja')).toEqual({ route: 'app', tour: 'how-a-pod-comes-to-be', step: 3, lang: 'ja' });
    expect(parseUrl('', '#/embed?tour=x&step=0').step).toBeUndefined();
    expect(parseUrl('', '#/embed?tour=x&step=two').step).toBeUndefined();
    expect(parseUrl('', '#/?tour=%20').tour).toBeUndefined();
  });
  it('keeps an unknown scenario name for the app to report, but not an empty one', () => {
    expect(parseUrl('', '#/?scenario=no-such-thing').scenario).toBe('no-such-thing');
    expect(parseUrl('', '#/?scenario=').scenario).toBeUndefined();
    expect(parseUrl('?scenario=%20', '').scenario).toBeUndefined();
  });
  it('ignores unknown values', () => {
    expect(parseUrl('?lang=fr&theme=neon&t=soon&seed=x', '')).toEqual({ route: 'app' });
  });
});

describe('parseTime', () => {
  it('accepts durations and bare seconds', () => {
    expect(parseTime('250ms')).toBe(250_000);
    expect(parseTime('2')).toBe(2_000_000);
    expect(parseTime('0.5')).toBe(500_000);
    expect(parseTime(null)).toBeUndefined();
  });
});

describe('withHashParam', () => {
  it('sets and removes parameters, keeping the route', () => {
    expect(withHashParam('', 'lang', 'ja')).toBe('#/?lang=ja');
    expect(withHashParam('#/embed?t=1s', 'theme', 'light')).toBe('#/embed?t=1s&theme=light');
    expect(withHashParam('#/embed?t=1s', 't', undefined)).toBe('#/embed');
    expect(withHashParam('#/?lang=ja&t=1s', 'scenario', 'drain')).toBe('#/?lang=ja&t=1s&scenario=drain');
    expect(withHashParam('#/?scenario=drain', 'scenario', 'probes')).toBe('#/?scenario=probes');
  });
});

describe('embed parameters', () => {
  it('reads views, controls and origins', () => {
    expect(parseUrl('', '#/embed?views=topology,etcd,timeline&controls=min&origins=http://localhost:4000,https://slides.example')).toEqual({
      route: 'embed',
      views: ['topology', 'etcd', 'timeline'],
      controls: 'min',
      origins: ['http://localhost:4000', 'https://slides.example'],
    });
    expect(parseUrl('', '#/embed?origins=*').origins).toBe('*');
  });
  it('drops unknown views and origins that are not exact, and names them', () => {
    const hash = '#/embed?views=topology,kubelet&controls=tiny&origins=http://localhost:4000/deck,https://ok.example&lang=fr&step=x';
    expect(parseUrl('', hash)).toMatchObject({ views: ['topology'], origins: ['https://ok.example'] });
    expect(parseUrl('', hash).controls).toBeUndefined();
    expect(urlNotes('', hash).map((n) => `${n.param}=${n.value}`)).toEqual(['lang=fr', 'step=x', 'controls=tiny', 'views=kubelet', 'origins=http://localhost:4000/deck']);
  });
  it('notes nothing for a good URL', () => {
    expect(urlNotes('', '#/embed?tour=a&step=2&t=1s&seed=3&lang=ja&theme=projector-dark&views=etcd&controls=none&origins=*')).toEqual([]);
  });
  it('notes a views list with no known view at all', () => {
    expect(parseUrl('', '#/embed?views=').views).toBeUndefined();
    expect(urlNotes('', '#/embed?views=').map((n) => n.param)).toEqual(['views']);
  });
});
