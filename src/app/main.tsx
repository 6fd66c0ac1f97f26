import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EXAMPLES } from './scenarios.ts';
import { TOURS } from './tours.ts';
import { registerServiceWorker } from './offline/register.ts';
import { parseUrl } from '../embed/url.ts';
import { loadLang, pickLang } from '../ui/i18n/translate.ts';
import './app.css';

/** The composition root: wires the examples (each loaded on demand) to the views. */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App catalog={EXAMPLES} tours={TOURS} />
    </StrictMode>,
  );
// A page that opens in Japanese waits for its table (its own chunk), so the first frame is
// Japanese, never English first; the language is chosen as App chooses it. If the table cannot
// come, the page opens in English rather than not at all.
const lang = pickLang(parseUrl(window.location.search, window.location.hash).lang, navigator.languages ?? [navigator.language]);
loadLang(lang).then(render, (err: unknown) => {
  console.error('kube-anatomy: the Japanese messages could not be loaded', err);
  render();
});

// Offline after the first visit (the hosted build only; see offline/register.ts).
registerServiceWorker({ prod: import.meta.env.PROD, single: import.meta.env.KA_SINGLE === true });
