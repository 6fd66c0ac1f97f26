import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadDefaultTimeline } from './defaultScenario.ts';
import './app.css';

/** The composition root: wires the default scenario's source to the views. */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App load={loadDefaultTimeline} />
  </StrictMode>,
);
