import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { runBranch } from '../../source/index.ts';
import { ForkContext, type ForkApi } from '../branches/context.ts';
import type { Lang } from '../i18n/translate.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { ConsolePanel } from './ConsolePanel.tsx';

const text = readFileSync(new URL('../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');
// A branch where the user typed a command for a Pod that does not exist at 3 s.
const timeline = await runBranch({ scenarioText: text, scenarioFile: 'examples/hello-deployment.scenario.yaml', actions: [{ t: 3_000_000, type: 'command', line: 'kubectl get pod nope' }] });

const fork = (over: Partial<ForkApi>): ForkApi => ({
  available: true,
  branches: [{ id: 0, parent: null, forkT: 0, label: '', actions: [] }],
  current: 0,
  busy: false,
  act: () => Promise.resolve({ ok: true, branch: 1 }),
  switchTo: () => undefined,
  ...over,
});

const render = (t: number, api: ForkApi, lang: Lang = 'en') =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore({ t, lang })}>
      <TraceProvider timeline={timeline}>
        <ForkContext.Provider value={api}>
          <ConsolePanel />
        </ForkContext.Provider>
      </TraceProvider>
    </SessionProvider>,
  );
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

describe('ConsolePanel', () => {
  it('is empty before the first command', () => {
    expect(plain(render(500_000, fork({})))).toContain('No command has run yet at this playhead.');
  });

  it('shows the commands up to the playhead with the engine output', () => {
    const at2s = plain(render(2_000_000, fork({})));
    expect(at2s).toContain('$ kubectl apply -f -');
    expect(at2s).toContain('deployment.apps/web created');
    expect(at2s).not.toContain('kubectl get pod nope');
  });

  it('shows a typed command, its stderr in the error colour and its non-zero exit status', () => {
    const html = render(timeline.endTime, fork({}));
    expect(html).toMatch(/class="ka-console-entry ka-console-typed"/);
    expect(html).toMatch(/class="ka-console-stderr">Error from server \(NotFound\): pods &quot;nope&quot; not found/);
    expect(plain(html)).toContain('exit status 1');
  });

  it('offers the branch switcher once there are branches, and shows when a branch is computing', () => {
    const api = fork({
      busy: true,
      current: 1,
      branches: [
        { id: 0, parent: null, forkT: 0, label: '', actions: [] },
        { id: 1, parent: 0, forkT: 3_201_000, label: 'kubectl scale deployment/web --replicas=5', actions: [{ type: 'command', line: 'kubectl scale deployment/web --replicas=5', t: 3_201_000 }] },
      ],
    });
    const html = render(timeline.endTime, api);
    expect(html).toContain('data-testid="branch-switcher"');
    expect(plain(html)).toContain('Branch 1 (from 0 at 3.201s: kubectl scale deployment/web --replicas=5)');
    expect(html).toContain('data-testid="console-busy"');
    expect(plain(render(timeline.endTime, api, 'ja'))).toContain('ブランチ 1(0 から 3.201s に分岐: kubectl scale deployment/web --replicas=5)');
  });

  it('says why nothing can be typed for a replay', () => {
    expect(render(timeline.endTime, fork({ available: false }))).toContain('placeholder="This is a recorded trace');
  });
});
