import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EXAMPLES } from './scenarios.ts';
import { TOURS } from './tours.ts';
import './app.css';

/** The composition root: wires the examples (each loaded on demand) to the views. */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App catalog={EXAMPLES} tours={TOURS} />
  </StrictMode>,
);
