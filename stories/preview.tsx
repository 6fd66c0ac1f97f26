// TEMPORARY dev preview of the app on the hand-made fixture (until src/source lands).
import { createRoot } from 'react-dom/client';
import { App } from '../src/app/App.tsx';
import { helloTimeline } from '../src/ui/fixtures/fixtureTimeline.ts';
import '../src/app/app.css';
const load = () => Promise.resolve(helloTimeline());
createRoot(document.getElementById('root') as HTMLElement).render(<App load={load} />);
