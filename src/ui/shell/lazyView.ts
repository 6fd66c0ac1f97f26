import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

// Any props: React.lazy's own constraint (a view's props are checked where it is rendered).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = ComponentType<any>;

/** A component whose code is its own chunk, fetched on first render (or earlier, by `preload`). */
export type LazyView<C extends AnyComponent> = LazyExoticComponent<C> & {
  /** Starts fetching the chunk (once); resolves with the component. */
  preload(): Promise<C>;
};

/** A thenable that calls back at once: React.lazy then renders without suspending. */
function settled<T>(value: T): PromiseLike<T> {
  return {
    then<A = T, B = never>(onOk?: ((v: T) => A | PromiseLike<A>) | null): PromiseLike<A | B> {
      return settled(onOk ? (onOk(value) as A) : (value as unknown as A));
    },
  };
}

/**
 * `React.lazy` over one named export of a module, plus `preload()`. Once the chunk is in (a
 * preload that finished, or the single-file build where the "chunk" is already in memory), the
 * first render does not suspend: no placeholder flashes for a view whose code is here. A chunk
 * that fails to come is not cached: a later preload asks again.
 */
export function lazyView<M, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyView<Extract<M[K], AnyComponent>> {
  type C = Extract<M[K], AnyComponent>;
  let ready: C | undefined;
  let pending: Promise<C> | undefined;
  const preload = (): Promise<C> =>
    (pending ??= load().then(
      (m) => {
        const c = m[name];
        if (typeof c !== 'function' && (typeof c !== 'object' || c === null)) throw new Error(`the loaded chunk has no component "${name}"`);
        ready = c as C;
        return ready;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
  const view = lazy(() => (ready ? settled({ default: ready }) : preload().then((c) => ({ default: c }))) as Promise<{ default: C }>);
  return Object.assign(view, { preload });
}

/**
 * Fetches chunks the user is likely to open soon once the browser is idle after the first frame,
 * so opening them shows no placeholder. Errors are left to the real render (it says what failed).
 */
export function preloadWhenIdle(...views: { preload(): Promise<unknown> }[]): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const run = () => {
    for (const v of views) v.preload().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 1500);
  return () => window.clearTimeout(id);
}
