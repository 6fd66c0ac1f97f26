import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EXAMPLES } from './scenarios.ts';
import { TOURS } from './tours.ts';
import { registerServiceWorker } from './offline/register.ts';
import './app.css';

/** The composition root: wires the examples (each loaded on demand) to the views. */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App catalog={EXAMPLES} tours={TOURS} />
  </StrictMode>,
);

// Offline after the first visit (the hosted build only; see offline/register.ts).
registerServiceWorker({ prod: import.meta.env.PROD, single: import.meta.env.KA_SINGLE === true });
