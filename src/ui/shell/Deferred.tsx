import { Component, Suspense, type CSSProperties, type ErrorInfo, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/en.ts';
import { translate, type Lang } from '../i18n/translate.ts';
import { useSession } from '../session/context.tsx';
import './deferred.css';

export interface DeferredProps {
  lang: Lang;
  /** What is loading, as the placeholder's accessible label names it ("the node internals"). */
  what: string;
  /** The placeholder takes the class of the view it stands for, so it sits in the same grid cell at the same size. */
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}

/**
 * Where a view whose code is its own chunk (lazyView.ts) is rendered: while the chunk comes, a
 * placeholder of the view's size (the same class, faint bars, `role="status"` with a label);
 * if it cannot come (offline before the first visit cached it, a new deploy removed it), a note
 * that says what and why, in place, and the rest of the app keeps working.
 */
export function Deferred({ lang, what, className, style, children }: DeferredProps) {
  const placeholder = (
    <div className={`ka-lazy${className ? ` ${className}` : ''}`} style={style} role="status" aria-busy="true" aria-label={translate(lang, 'lazy.loading', { what })} data-testid="lazy-placeholder">
      <span className="ka-lazy-bar" />
      <span className="ka-lazy-bar" />
      <span className="ka-lazy-bar is-short" />
    </div>
  );
  return (
    <LoadFailure lang={lang} what={what} className={className} style={style}>
      <Suspense fallback={placeholder}>{children}</Suspense>
    </LoadFailure>
  );
}

/** `Deferred` inside a view instance: the language is the session's, `what` a message key. */
export function DeferredView({ what, ...rest }: Omit<DeferredProps, 'lang' | 'what'> & { what: MessageKey }) {
  const lang = useSession((s) => s.lang);
  return <Deferred lang={lang} what={translate(lang, what)} {...rest} />;
}

interface FailureProps {
  lang: Lang;
  what: string;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  children: ReactNode;
}

/** The error boundary of one deferred view: a chunk that failed to load shows why, in place. */
class LoadFailure extends Component<FailureProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The note on screen is for the user; the stack is for whoever reads the console.
    console.error(`kube-anatomy: ${this.props.what} could not be loaded`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { lang, what, className, style } = this.props;
    return (
      <div className={`ka-lazy ka-lazy--failed${className ? ` ${className}` : ''}`} style={style} role="alert" data-testid="lazy-failed">
        <p>{translate(lang, 'lazy.failed', { what, message: error.message })}</p>
        <button type="button" className="ka-btn ka-btn--small" onClick={() => window.location.reload()}>
          {translate(lang, 'lazy.reload')}
        </button>
      </div>
    );
  }
}
