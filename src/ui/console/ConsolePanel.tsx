import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { knownFaultFields } from '../../source/branch.ts';
import { BranchSwitcher } from '../branches/BranchSwitcher.tsx';
import { useFork } from '../branches/context.ts';
import { useT } from '../i18n/useT.ts';
import { useSessionStore } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { complete, TOOLS } from './complete.ts';
import { faultContextOf } from './fault-context.ts';
import { isFaultLine, parseFaultLine, type FaultTable } from './fault-line.ts';
import { browseHistory, pushHistory, saveSessionHistory, sessionHistory } from './history.ts';
import { transcriptOf } from './transcript.ts';
import './console.css';

/** What the console itself prints (help, errors, completion choices): not part of the trace. */
interface LocalNote {
  id: number;
  kind: 'help' | 'error' | 'echo';
  text: string;
  /** Shown after the transcript entry with this seq (the last one when it was written; -1: before all). */
  after: number;
}

/**
 * The terminal panel (issue 6): the transcript of the commands run up to the playhead (the
 * scenario's and the typed ones, from the trace's `command` events), and a prompt. Enter pauses
 * and runs the line at the playhead in a new branch of the run (useFork); the output shown is
 * the engine's, never made up here. `fault <type> key=value…` injects a fault; `help` and
 * `clear` stay in the console.
 */
export function ConsolePanel() {
  const t = useT();
  const fork = useFork();
  const world = useWorld();
  const { timeline } = useTrace();
  const store = useSessionStore();
  const [line, setLine] = useState('');
  const [notes, setNotes] = useState<LocalNote[]>([]);
  const [clearedBefore, setClearedBefore] = useState(-1);
  /** The engine's fault table (loaded with the engine's chunk on demand); null until it is here. */
  const [faultTable, setFaultTable] = useState<FaultTable | null>(null);
  /** Tab's list of choices, printed above the prompt as bash does; gone with the next key. */
  const [choices, setChoices] = useState<string[]>([]);
  const nextNote = useRef(1);
  const scroller = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    knownFaultFields().then(
      (table) => live && setFaultTable(table),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const transcript = useMemo(() => transcriptOf(world.commands, clearedBefore), [world.commands, clearedBefore]);
  const faults = useMemo(() => (faultTable ? Object.keys(faultTable) : []), [faultTable]);
  // Recomputed when the objects or members change, not on every frame of playback.
  const objects = world.objects;
  const etcdMembers = world.etcd.members;
  const { names, pods, cluster } = useMemo(() => faultContextOf({ objects, etcd: { members: etcdMembers } }, timeline.actors()), [objects, etcdMembers, timeline]);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [transcript, notes, choices, fork.busy]);

  const lastSeq = transcript[transcript.length - 1]?.seq ?? -1;
  const note = (kind: LocalNote['kind'], text: string) => setNotes((ns) => [...ns, { id: nextNote.current++, kind, text, after: lastSeq }]);

  const submit = async (raw: string) => {
    const cmd = raw.trim();
    saveSessionHistory(store, pushHistory(sessionHistory(store), cmd));
    setLine('');
    if (cmd === '') return;
    if (cmd === 'clear') {
      setNotes([]);
      setChoices([]);
      setClearedBefore(world.commands.reduce((m, e) => Math.max(m, e.seq), -1));
      return;
    }
    if (cmd === 'help') {
      note('echo', cmd);
      note('help', t('console.help', { tools: TOOLS.filter((x) => x !== 'help' && x !== 'clear').join(', '), faults: faults.join(', ') }));
      return;
    }
    store.getState().pause();
    if (!fork.available) {
      note('echo', cmd);
      note('error', t('console.unavailable'));
      return;
    }
    let action: Parameters<typeof fork.act>[0] = { type: 'command', line: cmd };
    if (isFaultLine(cmd)) {
      // Enter may come before the table's chunk has loaded: wait for it rather than call every type unknown.
      const table = faultTable ?? (await knownFaultFields().catch(() => null));
      const parsed = table ? parseFaultLine(cmd, table, cluster) : parseFaultLine(cmd, faults);
      if (!parsed.ok) {
        note('echo', cmd);
        note('error', t(parsed.error.key, parsed.error.params));
        return;
      }
      action = { type: 'fault', fault: parsed.fault };
    }
    if (action.type === 'fault') note('echo', cmd);
    const r = await fork.act(action);
    if (!r.ok) {
      if (action.type === 'command') note('echo', cmd);
      note('error', t('console.error', { message: r.error }));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Keys typed here are the console's: Space, arrows and Home must not reach the presenter keys.
    e.stopPropagation();
    if (e.key !== 'Tab' && e.key !== 'Shift') setChoices([]);
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!fork.busy) void submit(line);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      const c = complete(line, { names, faults, pods, ...(faultTable ? { faultTable } : {}) });
      setLine(c.line);
      setChoices(c.choices);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const r = browseHistory(sessionHistory(store), e.key === 'ArrowUp' ? -1 : 1, line);
      saveSessionHistory(store, r.history);
      setLine(r.line);
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      void submit('clear');
    }
  };

  return (
    <div className="ka-console" data-testid="console" aria-busy={fork.busy} onClick={() => window.getSelection()?.isCollapsed !== false && input.current?.focus()}>
      <div className="ka-console-bar">
        <span className="ka-console-title">{t('console.title')}</span>
        <BranchSwitcher />
        {fork.busy ? (
          <span className="ka-console-busy" role="status" data-testid="console-busy">
            {t('console.busy')}
          </span>
        ) : null}
      </div>
      <div className="ka-console-screen" ref={scroller} role="log" aria-label={t('console.title')}>
        {transcript.length === 0 && notes.length === 0 ? <div className="ka-console-muted">{t('console.empty')}</div> : null}
        {notesAfter(notes, -1).map(renderNote)}
        {transcript.map((e) => (
          <Fragment key={e.seq}>
            <div className={e.typed ? 'ka-console-entry ka-console-typed' : 'ka-console-entry'} data-testid="console-entry">
              <div className="ka-console-line">
                <span className="ka-console-prompt" aria-hidden="true">
                  {'$ '}
                </span>
                {e.line}
              </div>
              {e.exit?.stdout ? <pre className="ka-console-stdout">{e.exit.stdout}</pre> : null}
              {e.exit?.stderr ? <pre className="ka-console-stderr">{e.exit.stderr}</pre> : null}
              {e.exit && e.exit.exitCode !== 0 ? <div className="ka-console-exit">{t('console.exit', { code: e.exit.exitCode })}</div> : null}
            </div>
            {notesAfter(notes, e.seq).map(renderNote)}
          </Fragment>
        ))}
        {/* Notes written after entries the playhead has not reached (scrubbed back) still show, last. */}
        {notes.filter((n) => n.after > lastSeq).map(renderNote)}
        {/* Tab's choices go above the prompt, as bash lists them and then redraws the prompt under
            them: the line being typed stays at the bottom, in view, however long the list. */}
        {choices.length > 0 ? (
          <pre className="ka-console-note" data-testid="console-choices">
            {choices.join('  ')}
          </pre>
        ) : null}
        <div className="ka-console-input-row">
          <span className="ka-console-prompt" aria-hidden="true">
            {'$ '}
          </span>
          <input
            ref={input}
            className="ka-console-input"
            data-testid="console-input"
            aria-label={t('console.inputLabel')}
            placeholder={fork.available ? t('console.placeholder') : t('console.unavailable')}
            value={line}
            readOnly={fork.busy}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            onChange={(e) => setLine(e.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
        </div>
      </div>
    </div>
  );
}

function notesAfter(notes: readonly LocalNote[], seq: number): LocalNote[] {
  return notes.filter((n) => n.after === seq);
}

function renderNote(n: LocalNote) {
  return n.kind === 'echo' ? (
    <div key={n.id} className="ka-console-line">
      <span className="ka-console-prompt" aria-hidden="true">
        {'$ '}
      </span>
      {n.text}
    </div>
  ) : (
    <pre key={n.id} className={n.kind === 'error' ? 'ka-console-stderr' : 'ka-console-note'} data-testid={n.kind === 'error' ? 'console-error' : undefined}>
      {n.text}
    </pre>
  );
}
