import { beforeAll, describe, it, expect } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { createSessionStore } from '../session/store.ts';
import { preloadWorkbenchViews, Workbench } from './Workbench.tsx';

// Server rendering runs no effects (no rAF, no canvas), which is what a node test can check:
// the markup the e2e test and the presenter rely on.
const tl = helloTimeline();
const render = (init: Parameters<typeof createSessionStore>[0]) => renderToStaticMarkup(<Workbench timeline={tl} store={createSessionStore(init)} />);

describe('Workbench markup', () => {
  // The views loaded on demand (the inspector…): once loaded they render at once, as after the app's idle preload.
  beforeAll(() => preloadWorkbenchViews());

  it('has the test hooks of every control', () => {
    const html = render({ t: 0 });
    for (const id of ['play', 'step-forward', 'step-back', 'restart', 'lang-switch', 'theme-switch', 'playhead', 'swimlane']) {
      expect(html, id).toContain(`data-testid="${id}"`);
    }
  });

  it('shows a Running pod card per Pod at the end of the trace', () => {
    const html = render({ t: tl.endTime });
    const cards = [...html.matchAll(/data-testid="pod-card" data-phase="(\w+)" data-pod="([\w-]+)"/g)];
    expect(cards.map((m) => m[1])).toEqual(['Running', 'Running', 'Running']);
    expect(cards.map((m) => m[2])).toContain('web-7d4b9c8f6d-x2k4q');
  });

  it('shows no Pods before the apply, and the playhead readout', () => {
    const html = render({ t: 0 });
    expect(html).not.toContain('data-testid="pod-card"');
    expect(html).toMatch(/data-testid="playhead"[^>]*>0s</);
  });

  it('speaks Japanese and carries the theme', () => {
    const html = render({ t: 0, lang: 'ja', theme: 'projector-dark' });
    expect(html).toContain('data-theme="projector-dark"');
    expect(html).toContain('コントロールプレーン');
    expect(html).toContain('lang="ja"');
  });

  it('opens the inspector only when something is selected', () => {
    expect(render({ t: 0 })).not.toContain('data-testid="inspector"');
    const html = render({ t: tl.endTime, selection: { type: 'event', seq: 3 } });
    expect(html).toContain('data-testid="inspector"');
  });

  it('offers the scenario picker when given one: current one selected, titles when known, names else, in the bar', () => {
    const store = createSessionStore({ t: 0, lang: 'ja' });
    const picker = { scenarios: [{ name: 'drain', title: 'Taking a node out' }, { name: 'hello-deployment' }], current: 'hello-deployment', onChange: () => undefined };
    const html = renderToStaticMarkup(<Workbench timeline={tl} store={store} scenarioPicker={picker} />);
    const select = /<select data-testid="scenario-picker" aria-label="([^"]+)"[^>]*>(.*?)<\/select>/.exec(html);
    expect(select?.[1]).toBe('シナリオを開く');
    const options = [...(select?.[2] ?? '').matchAll(/<option value="([\w-]+)" title="([^"]+)"( selected="")?>([^<]+)<\/option>/g)];
    expect(options.map((m) => [m[1], Boolean(m[3]), m[2], m[4]])).toEqual([
      ['drain', false, 'drain.scenario.yaml', 'Taking a node out'],
      ['hello-deployment', true, 'hello-deployment.scenario.yaml', 'hello-deployment'],
    ]);
    expect(html.indexOf('scenario-picker')).toBeLessThan(html.indexOf('lang-switch'));
    expect(render({ t: 0 })).not.toContain('scenario-picker');
  });
});
