import type { Micros } from '../src/base/time.ts';
import { ForkContext, type BranchInfo, type ForkApi } from '../src/ui/branches/context.ts';
import { ConsolePanel } from '../src/ui/console/ConsolePanel.tsx';
import { consoleEvents, consoleHeader } from '../src/ui/console/fixtures.ts';
import type { Lang } from '../src/ui/i18n/translate.ts';
import type { ThemeName } from '../src/ui/theme/themes.ts';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/** The console over the command events of a forked hello-deployment run, at several playheads. */
const timeline = timelineOf(consoleHeader, consoleEvents);
const exitOf = (line: string): Micros => consoleEvents.find((e) => e.op === line && e.attrs?.['phase'] === 'exit')?.t ?? 0;

const SCALE = 'kubectl scale deployment/web --replicas=5';
const BRANCHES: BranchInfo[] = [
  { id: 0, parent: null, forkT: 0, label: '', actions: [] },
  { id: 1, parent: 0, forkT: 3_000_000, label: 'kubectl get pods', actions: [{ type: 'command', line: 'kubectl get pods', t: 3_000_000 }] },
  { id: 2, parent: 1, forkT: 3_203_540, label: SCALE, actions: [{ type: 'command', line: 'kubectl get pods', t: 3_000_000 }, { type: 'command', line: SCALE, t: 3_203_540 }] },
];

/** A fork context as the BranchHost gives it, frozen for the story (acting is the e2e test's). */
function fork(over: Partial<ForkApi> = {}): ForkApi {
  return {
    available: true,
    branches: BRANCHES.slice(0, 1),
    current: 0,
    busy: false,
    act: () => Promise.resolve({ ok: false, error: 'a story cannot compute branches' }),
    switchTo: () => undefined,
    ...over,
  };
}

function Frame({ t, api = fork(), lang = 'en', theme = 'light' }: { t: Micros; api?: ForkApi; lang?: Lang; theme?: ThemeName }) {
  return (
    <PanelFrame timeline={timeline} t={t} lang={lang} theme={theme} width={900} height={420}>
      <ForkContext.Provider value={api}>
        <ConsolePanel />
      </ForkContext.Provider>
    </PanelFrame>
  );
}

export const BeforeTheFirstCommand = () => <Frame t={500_000} />;
export const AfterApply = () => <Frame t={2_000_000} />;
export const CommandRunning = () => <Frame t={3_100_000 + 2_000} api={fork({ branches: BRANCHES.slice(0, 2), current: 1 })} />;
export const NotFoundOnStderr = () => <Frame t={exitOf('kubectl get pod nope')} api={fork({ branches: BRANCHES.slice(0, 2), current: 1 })} />;
export const ScaledBranch = () => <Frame t={exitOf('kubectl get deployments')} api={fork({ branches: BRANCHES, current: 2 })} />;
export const ComputingABranch = () => <Frame t={exitOf(SCALE)} api={fork({ branches: BRANCHES, current: 2, busy: true })} />;
export const Replay = () => <Frame t={exitOf('kubectl get deployments')} api={fork({ available: false, branches: [] })} />;
export const Japanese = () => <Frame t={exitOf('kubectl get deployments')} api={fork({ branches: BRANCHES, current: 2 })} lang="ja" />;
export const ProjectorDark = () => <Frame t={exitOf('kubectl get deployments')} api={fork({ branches: BRANCHES, current: 2 })} theme="projector-dark" />;

export default { title: 'Views/Console' };
