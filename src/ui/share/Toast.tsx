import { useCallback, useEffect, useRef, useState } from 'react';

export interface ToastState {
  text: string;
  tone: 'ok' | 'warn';
  n: number;
}

/** A short message that goes by itself; a new one replaces the last (and restarts its time). */
export function useToast(ms = 2500): { toast: ToastState | null; show(text: string, tone?: 'ok' | 'warn'): void } {
  const [toast, setToast] = useState<ToastState | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const show = useCallback(
    (text: string, tone: 'ok' | 'warn' = 'ok') => {
      clearTimeout(timer.current);
      setToast((cur) => ({ text, tone, n: (cur?.n ?? 0) + 1 }));
      timer.current = setTimeout(() => setToast(null), ms);
    },
    [ms],
  );
  return { toast, show };
}

/** The toast itself: a polite live region, so screen readers read it without moving focus. */
export function Toast({ toast }: { toast: ToastState | null }) {
  return (
    <div className="ka-toast-region" role="status" aria-live="polite">
      {toast && (
        <div key={toast.n} className={`ka-toast ka-toast--${toast.tone}`} data-testid="toast">
          {toast.text}
        </div>
      )}
    </div>
  );
}
