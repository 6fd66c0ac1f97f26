import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../i18n/translate.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore } from '../session/store.ts';
import { BranchChip } from './BranchChip.tsx';
import { ForkContext, type BranchInfo, type ForkApi } from './context.ts';
import { forkBranch, ROOT_BRANCH } from './tree.ts';

const b1 = forkBranch([ROOT_BRANCH], 0, { type: 'command', line: 'kubectl scale deployment/web --replicas=5' }, 3_000_000);
const b2 = forkBranch([ROOT_BRANCH, b1], 1, { type: 'fault', fault: { type: 'node-down', node: 'node-2' } }, 5_000_000);

const api = (branches: readonly BranchInfo[], current: number, over: Partial<ForkApi> = {}): ForkApi => ({
  available: true,
  branches,
  current,
  busy: false,
  act: () => Promise.resolve({ ok: true, branch: 1 }),
  switchTo: () => undefined,
  ...over,
});

const render = (fork: ForkApi, lang: Lang = 'en') =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore({ lang })}>
      <ForkContext.Provider value={fork}>
        <BranchChip />
      </ForkContext.Provider>
    </SessionProvider>,
  );
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('BranchChip', () => {
  it('is not there with only the scenario as written, nor for a replay', () => {
    expect(render(api([ROOT_BRANCH], 0))).toBe('');
    expect(render(api([ROOT_BRANCH, b1], 1, { available: false }))).toBe('');
  });

  it('names the current branch and offers the way back to the one it was forked from', () => {
    const html = render(api([ROOT_BRANCH, b1, b2], 2));
    expect(plain(html)).toBe('↩ Branch 1 Branch 2 /3 ▾');
    expect(html).toContain('data-branch="2"');
    expect(html).toContain('aria-haspopup="menu"');
    expect(html).toContain('aria-expanded="false"');
    expect(html).toContain('aria-label="Back to branch 1"');
    expect(html).toContain('aria-label="Branch of the run: Branch 2 of 3. Choose another branch"');
    expect(html).toContain('title="Branch 2 (from 1 at 5.000s: fault node-down node=node-2)"');
  });

  it('has no way back on branch 0, only the menu', () => {
    const html = render(api([ROOT_BRANCH, b1], 0));
    expect(html).not.toContain('branch-back');
    expect(plain(html)).toBe('Branch 0 /2 ▾');
  });

  it('speaks Japanese, and is disabled while a branch is computed', () => {
    const html = render(api([ROOT_BRANCH, b1], 1, { busy: true }), 'ja');
    expect(plain(html)).toBe('↩ ブランチ 0 ブランチ 1 /2 ▾');
    expect(html.match(/disabled=""/g)).toHaveLength(2);
  });
});
