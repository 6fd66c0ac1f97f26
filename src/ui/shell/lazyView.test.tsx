import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../session/store.ts';
import { SessionProvider } from '../session/context.tsx';
import { Deferred, DeferredView } from './Deferred.tsx';
import { lazyView } from './lazyView.ts';

const Hello = ({ name }: { name: string }) => <p data-testid="hello">hello {name}</p>;

describe('lazyView', () => {
  it('shows the placeholder, with its label and the view’s class, until the chunk is in; then renders at once', async () => {
    let calls = 0;
    const View = lazyView(() => {
      calls++;
      return Promise.resolve({ Hello });
    }, 'Hello');
    const page = () =>
      renderToStaticMarkup(
        <Deferred lang="en" what="the greeting" className="ka-greeting">
          <View name="web" />
        </Deferred>,
      );
    const before = page();
    expect(before).toContain('data-testid="lazy-placeholder"');
    expect(before).toContain('aria-label="Loading the greeting…"');
    expect(before).toContain('class="ka-lazy ka-greeting"');
    expect(before).not.toContain('hello');
    await View.preload();
    await View.preload();
    expect(calls).toBe(1);
    // Loaded before its first render: no placeholder at all (the single file, an idle preload).
    const Fresh = lazyView(() => Promise.resolve({ Hello }), 'Hello');
    await Fresh.preload();
    expect(renderToStaticMarkup(<Deferred lang="ja" what="x"><Fresh name="web" /></Deferred>)).toBe('<p data-testid="hello">hello web</p>');
  });

  it('asks again after a chunk that failed to come, and names a missing export', async () => {
    let n = 0;
    const Flaky = lazyView(() => (++n === 1 ? Promise.reject(new Error('Failed to fetch dynamically imported module')) : Promise.resolve({ Hello })), 'Hello');
    await expect(Flaky.preload()).rejects.toThrow('Failed to fetch');
    await expect(Flaky.preload()).resolves.toBe(Hello);
    const Missing = lazyView(() => Promise.resolve({} as { Hello: typeof Hello }), 'Hello');
    await expect(Missing.preload()).rejects.toThrow('the loaded chunk has no component "Hello"');
  });

  it('labels the placeholder in the session’s language', () => {
    const View = lazyView(() => new Promise<{ Hello: typeof Hello }>(() => undefined), 'Hello');
    const html = renderToStaticMarkup(
      <SessionProvider store={createSessionStore({ lang: 'ja' })}>
        <DeferredView what="node.title">
          <View name="web" />
        </DeferredView>
      </SessionProvider>,
    );
    expect(html).toContain('aria-label="ノードの内部を読み込んでいます…"');
    expect(html).toContain('role="status"');
  });
});
