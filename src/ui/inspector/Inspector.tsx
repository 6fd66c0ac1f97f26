import { useMemo } from 'react';
import type { TraceEvent } from '../../trace/schema.ts';
import { objectKey } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import type { MessageKey } from '../i18n/en.ts';
import { usePlayerControls } from '../playback/usePlayer.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { formatTime } from '../swimlane/lanes.ts';
import { formatDuration } from '../../base/time.ts';
import { withContext } from './lineDiff.ts';
import { toYaml, versionPair, yamlDiff } from './objectVersions.ts';
import { ProvenanceNote } from '../replay/ProvenanceNote.tsx';

/**
 * Details of what is selected: a trace event (kind, actor → to, op, time, duration, cause
 * chain, attributes) and, for an API object, its YAML at the playhead and the change from its
 * previous version.
 */
export function Inspector() {
  const t = useT();
  const { timeline } = useTrace();
  const selection = useSession((s) => s.selection);
  const store = useSessionStore();
  const event = selection?.type === 'event' ? timeline.bySeq(selection.seq) : undefined;
  const objKey = selection?.type === 'object' ? selection.key : event?.ref ? objectKey(event.ref) : undefined;

  return (
    <section className="ka-inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <header className="ka-panel-header">
        <h2>{t('inspector.title')}</h2>
        {selection && (
          <button type="button" className="ka-btn ka-btn--small" onClick={() => store.getState().select(null)}>
            {t('inspector.close')}
          </button>
        )}
      </header>
      <div className="ka-inspector-body">
        {!selection && <p className="ka-empty-note">{t('inspector.empty')}</p>}
        {event && <EventDetails event={event} />}
        {objKey && <ObjectDetails objectKey={objKey} />}
      </div>
    </section>
  );
}

function EventDetails({ event }: { event: TraceEvent }) {
  const t = useT();
  const { timeline } = useTrace();
  const controls = usePlayerControls();
  const store = useSessionStore();
  const chain = useMemo(() => timeline.causalChain(event.seq), [timeline, event.seq]);
  const command = event.kind === 'command' ? commandOutput(timeline.causalChain(event.seq), event) : undefined;
  const attrs = useMemo(() => {
    if (!event.attrs) return undefined;
    // The object is shown below as YAML at the playhead; a command's output as a terminal.
    const { object: _object, stdout: _stdout, stderr: _stderr, stdin: _stdin, ...rest } = event.attrs;
    return Object.keys(rest).length > 0 ? toYaml(rest) : undefined;
  }, [event]);
  const goTo = (e: TraceEvent) => {
    store.getState().select({ type: 'event', seq: e.seq });
    controls.pause();
    controls.seek(e.t);
  };

  return (
    <div className="ka-event">
      <div className="ka-event-head">
        <span className={`ka-kind ka-kind--${event.kind}`}>{t(`kind.${event.kind}` as MessageKey)}</span>
        <code className="ka-event-op">{event.op}</code>
      </div>
      <dl className="ka-fields">
        {event.to ? (
          <>
            <dt>{t('inspector.from')}</dt>
            <dd>
              <code>{event.actor}</code>
            </dd>
            <dt>{t('inspector.to')}</dt>
            <dd>
              <code>{event.to}</code>
            </dd>
          </>
        ) : (
          <>
            <dt>{t('inspector.actor')}</dt>
            <dd>
              <code>{event.actor}</code>
            </dd>
          </>
        )}
        <dt>{t('inspector.time')}</dt>
        <dd>
          <button type="button" className="ka-link" onClick={() => goTo(event)} title={t('inspector.seek')}>
            {formatTime(event.t)}
          </button>
        </dd>
        {event.dur !== undefined && (
          <>
            <dt>{t('inspector.duration')}</dt>
            <dd>{formatDuration(event.dur)}</dd>
          </>
        )}
        <dt>{t('inspector.seq')}</dt>
        <dd>{event.seq}</dd>
        {event.ref && (
          <>
            <dt>{t('inspector.object')}</dt>
            <dd>
              <code>
                {event.ref.kind} {event.ref.namespace ? `${event.ref.namespace}/` : ''}
                {event.ref.name}
              </code>
            </dd>
          </>
        )}
      </dl>
      <ProvenanceNote event={event} />

      {command && (
        // Every scrollable <pre> here is a focusable, named region (axe scrollable-region-focusable):
        // keyboard users can reach it and scroll long kubectl output, YAML or diffs.
        <pre className="ka-code ka-terminal-block" data-testid="command-output" tabIndex={0} role="region" aria-label={t('console.outputOf', { command: command.line })}>
          <span className="ka-terminal-cmd">{`$ ${command.line}\n`}</span>
          {command.stdin && <span className="ka-terminal-in">{command.stdin}</span>}
          {command.stdout && <span className="ka-terminal-out">{command.stdout}</span>}
          {command.stderr && <span className="ka-terminal-err">{command.stderr}</span>}
        </pre>
      )}

      <h3>{t('inspector.causeChain')}</h3>
      {chain.length <= 1 ? (
        <p className="ka-empty-note">{t('inspector.noCause')}</p>
      ) : (
        <ol className="ka-chain">
          {chain.map((c) => (
            <li key={c.seq} className={c.seq === event.seq ? 'is-current' : undefined}>
              <button type="button" className="ka-link" onClick={() => goTo(c)} disabled={c.seq === event.seq}>
                <span className="ka-chain-time">{formatTime(c.t)}</span>
                <span className="ka-chain-actor">{c.actor}</span>
                <code className="ka-chain-op">{c.op}</code>
              </button>
            </li>
          ))}
        </ol>
      )}

      {attrs && (
        <>
          <h3>{t('inspector.attributes')}</h3>
          <pre className="ka-code" tabIndex={0} role="region" aria-label={t('inspector.attributes')}>
            {attrs}
          </pre>
        </>
      )}
    </div>
  );
}

function ObjectDetails({ objectKey: key }: { objectKey: string }) {
  const t = useT();
  const { timeline } = useTrace();
  const world = useWorld();
  const entry = world.objects.get(key);
  const pair = useMemo(() => (entry ? versionPair(timeline.objectHistory(key), entry.lastSeq) : undefined), [timeline, key, entry]);
  const diff = useMemo(() => (pair && pair.previous ? withContext(yamlDiff(pair.previous, pair.current), 2) : undefined), [pair]);
  const yaml = useMemo(() => (entry ? toYaml(entry.object) : undefined), [entry]);
  const name = key.split('/').slice(-3);

  return (
    <div className="ka-object" data-testid="object-details">
      <h3>
        {name[0]} <code>{name[1] ? `${name[1]}/` : ''}{name[2]}</code>
        {entry && <span className="ka-rv">resourceVersion {entry.resourceVersion}</span>}
      </h3>
      {!entry && <p className="ka-empty-note">{t('inspector.objectAbsent')}</p>}
      {entry && (
        <>
          <h4>{t('inspector.diff')}</h4>
          {!pair?.previous ? (
            <p className="ka-empty-note">{t('inspector.noPrevious')}</p>
          ) : diff && diff.some((l) => l && l.op !== ' ') ? (
            <pre className="ka-code ka-diff" tabIndex={0} role="region" aria-label={t('inspector.diff')}>
              {diff.map((l, i) =>
                l === null ? (
                  <span key={i} className="ka-diff-fold">
                    {'  ⋯\n'}
                  </span>
                ) : (
                  <span key={i} className={l.op === '+' ? 'ka-diff-add' : l.op === '-' ? 'ka-diff-del' : 'ka-diff-ctx'}>
                    {`${l.op} ${l.text}\n`}
                  </span>
                ),
              )}
            </pre>
          ) : (
            <p className="ka-empty-note">{t('inspector.noChange')}</p>
          )}
          <h4>{t('inspector.yamlAtPlayhead')}</h4>
          <pre className="ka-code" tabIndex={0} role="region" aria-label={t('inspector.yamlAtPlayhead')}>
            {yaml}
          </pre>
        </>
      )}
    </div>
  );
}

/** A command as a terminal shows it: the line, its stdin, then what it printed (from the exit event). */
function commandOutput(chain: readonly TraceEvent[], event: TraceEvent): { line: string; stdin?: string; stdout?: string; stderr?: string } {
  const start = chain.find((e) => e.kind === 'command' && e.attrs?.phase !== 'exit') ?? event;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: { line: string; stdin?: string; stdout?: string; stderr?: string } = { line: start.op };
  const stdin = str(start.attrs?.stdin);
  const stdout = event.attrs?.phase === 'exit' ? str(event.attrs.stdout) : undefined;
  const stderr = event.attrs?.phase === 'exit' ? str(event.attrs.stderr) : undefined;
  if (stdin) out.stdin = stdin;
  if (stdout) out.stdout = stdout;
  if (stderr) out.stderr = stderr;
  return out;
}
