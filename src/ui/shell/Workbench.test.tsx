import { describe, it, expect } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { createSessionStore } from '../session/store.ts';
import { Workbench } from './Workbench.tsx';

// Server rendering runs no effects (no rAF, no canvas), which is what a node test can check:
// the markup the e2e test and the presenter rely on.
const tl = helloTimeline();
const render = (init: Parameters<typeof createSessionStore>[0]) => renderToStaticMarkup(<Workbench timeline={tl} store={createSessionStore(init)} />);

describe('Workbench markup', () => {
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
});
