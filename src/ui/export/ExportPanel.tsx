import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Micros } from '../../base/time.ts';
import { useT } from '../i18n/useT.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import { resolveTour } from '../tour/resolve.ts';
import type { ResolvedTour } from '../tour/types.ts';
import { narrationParagraphs } from './caption.ts';
import { download, exportFileName, formatBytes } from './download.ts';
import { formatTimeInput, parseTimeInput, planClip, stepAt, stepRange, stepShown, type ClipPlan } from './frames.ts';
import { SvgDrawError, svgToPng } from './raster.ts';
import { encodeGif, GIF_FPS, recordWebm, WEBM_FPS, webmCodec, type FrameSource } from './record.ts';
import { diagramLayers, EXPORT_SIZES, frameSvg, type Caption } from './svgFrame.ts';
import { useExportTour } from './tourContext.ts';
import { ExportWaitError, NoWebmEncoderError, nextTask } from './waits.ts';
import './export.css';

type Format = 'png' | 'svg' | 'webm' | 'gif';
const FORMATS: readonly Format[] = ['png', 'svg', 'webm', 'gif'];
type Status = { kind: 'idle' } | { kind: 'busy'; n: number; total: number } | { kind: 'done'; file: string; bytes: number } | { kind: 'error'; message: string };

export interface ExportPanelProps {
  id: string;
  /** Shown; the panel stays mounted while shut, so its form and a running export survive. */
  open: boolean;
  /** Counts openings: each one refills the ranges from where the presenter is. */
  opened: number;
  onBusy(busy: boolean): void;
  /** Escape: shut the panel and give the focus back to the button. */
  onClose(): void;
}

/**
 * The Export menu's panel (its own chunk, loaded when the menu first opens): the topology
 * diagram as PNG or SVG (the current frame) or as a WebM or GIF clip (a range of tour steps or
 * of time, played at 1×), at a projector resolution, with the tour step's narration as a
 * caption if asked. Frames are made by moving this workbench's own playhead, so a clip shows
 * exactly what pressing play shows; the playhead comes back after.
 */
export function ExportPanel({ id: panelId, open, opened, onBusy, onClose }: ExportPanelProps) {
  const t = useT();
  const store = useSessionStore();
  const lang = useSession((s) => s.lang);
  const { timeline, warp } = useTrace();
  const tour = useExportTour();
  const resolved = useMemo((): ResolvedTour | undefined => {
    try {
      return tour ? resolveTour(tour, timeline) : undefined;
    } catch {
      // The tour panel reports a tour that does not fit; exports then work without one.
      return undefined;
    }
  }, [tour, timeline]);
  const steps = useMemo(() => resolved?.steps ?? [], [resolved]);
  const [format, setFormat] = useState<Format>('png');
  const [sizeId, setSizeId] = useState<string>(EXPORT_SIZES[0].id);
  const [withCaption, setWithCaption] = useState(true);
  const [rangeKind, setRangeKind] = useState<'steps' | 'time'>('steps');
  const [firstStep, setFirstStep] = useState(1);
  const [lastStep, setLastStep] = useState(1);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const root = useRef<HTMLDivElement>(null);
  const size = EXPORT_SIZES.find((s) => s.id === sizeId) ?? EXPORT_SIZES[0];
  const clip = format === 'webm' || format === 'gif';
  const useSteps = steps.length > 0 && rangeKind === 'steps';
  const busy = status.kind === 'busy';
  useEffect(() => onBusy(busy), [busy, onBusy]);

  // Each opening fills the ranges from where the presenter is: the step on screen, the whole
  // trace (state adjusted while rendering, React's pattern for "when this prop changes"). The
  // menu cannot reopen during an export: it stays open while one runs.
  const [filledFor, setFilledFor] = useState(0);
  if (filledFor !== opened) {
    setFilledFor(opened);
    const shown = Math.max(0, stepShown(steps, store.getState().t));
    setFirstStep(shown + 1);
    setLastStep(shown + 1);
    setFromText(formatTimeInput(timeline.startTime));
    setToText(formatTimeInput(timeline.endTime));
    setStatus({ kind: 'idle' });
  }

  /** The clip's simulated range, or the reason the form's range is not one. */
  const range = useMemo((): { from: Micros; to: Micros } | { error: string } => {
    if (useSteps) {
      try {
        return stepRange(steps, firstStep, lastStep, timeline.startTime);
      } catch {
        return { error: t('export.emptyRange', { from: t('export.fromStep'), to: t('export.toStep') }) };
      }
    }
    const from = parseTimeInput(fromText);
    if (from === undefined) return { error: t('export.badTime', { value: fromText, field: t('export.from') }) };
    const to = parseTimeInput(toText);
    if (to === undefined) return { error: t('export.badTime', { value: toText, field: t('export.to') }) };
    const clamp = (x: Micros) => Math.max(timeline.startTime, Math.min(timeline.endTime, x));
    if (clamp(to) < clamp(from)) return { error: t('export.emptyRange', { from: fromText, to: toText }) };
    return { from: clamp(from), to: clamp(to) };
  }, [useSteps, steps, firstStep, lastStep, fromText, toText, timeline, t]);
  const plan = useMemo((): ClipPlan | undefined => ('error' in range ? undefined : planClip(warp, range.from, range.to, format === 'gif' ? GIF_FPS : WEBM_FPS)), [range, warp, format]);

  const captionAt = (at: Micros, leadingTo: boolean): Caption | undefined => {
    if (!withCaption || steps.length === 0) return undefined;
    const i = leadingTo ? stepAt(steps, at) : stepShown(steps, at);
    const step = steps[i]?.step;
    if (!step) return undefined;
    return { title: `${i + 1}/${steps.length} ${step.title[lang]}`, text: narrationParagraphs(step.text[lang]).join(' ') };
  };
  const diagram = (): SVGSVGElement[] => {
    const layers = diagramLayers(root.current?.closest('.ka-root'));
    if (layers.length === 0) throw new Error(t('export.noDiagram'));
    return layers;
  };

  /** An error as the presenter reads it: what did not come, in their language. */
  const describe = (e: unknown): string => {
    if (e instanceof ExportWaitError) return t('export.timeout', { what: t(`export.wait.${e.what}`), s: Math.round(e.ms / 1000) });
    if (e instanceof NoWebmEncoderError) return t('export.noRecorder');
    if (e instanceof SvgDrawError) return t('export.drawFailed');
    return e instanceof Error ? e.message : String(e);
  };

  const run = async () => {
    const s = store.getState();
    const before = { t: s.t, playing: s.playing };
    const scenario = timeline.header.scenario ?? 'kube-anatomy';
    try {
      if (!clip) {
        const now = s.t;
        const shown = stepShown(steps, now);
        const svg = frameSvg(diagram(), size, captionAt(now, false));
        const what = shown >= 0 && steps[shown]?.t === now ? `step-${shown + 1}` : `t-${formatTimeInput(now)}`;
        const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, size.width, size.height);
        const file = exportFileName(scenario, what, size.id, format);
        download(blob, file);
        setStatus({ kind: 'done', file, bytes: blob.size });
        return;
      }
      if ('error' in range || !plan) throw new Error('error' in range ? range.error : 'no range');
      setStatus({ kind: 'busy', n: 0, total: plan.times.length });
      if (format === 'webm' && !(await webmCodec(size, plan.fps))) throw new NoWebmEncoderError();
      s.pause();
      // Frame i: move the playhead, let React commit it (a task, not an animation frame: a
      // background tab gets none), copy the diagram. The encoder works on the previous frame
      // meanwhile.
      const source: FrameSource = async (i) => {
        const at = plan.times[i] as Micros;
        store.getState().seek(at);
        await nextTask();
        return frameSvg(diagram(), size, captionAt(at, useSteps));
      };
      const progress = (n: number, total: number) => setStatus({ kind: 'busy', n, total });
      const blob = format === 'webm' ? await recordWebm(source, plan, size, progress) : await encodeGif(source, plan, size, progress);
      const what = useSteps ? (firstStep === lastStep ? `step-${firstStep}` : `steps-${firstStep}-${lastStep}`) : `${formatTimeInput(range.from)}-${formatTimeInput(range.to)}`;
      const file = exportFileName(scenario, what, size.id, format);
      download(blob, file);
      setStatus({ kind: 'done', file, bytes: blob.size });
    } catch (e) {
      setStatus({ kind: 'error', message: t('export.failed', { error: describe(e) }) });
    } finally {
      if (clip) {
        store.getState().seek(before.t);
        if (before.playing) store.getState().play();
      }
    }
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    // The presenter keys must not step the tour while typing a time here.
    e.stopPropagation();
    if (e.key === 'Escape' && !busy) onClose();
  };
  // Paper is white: the print page draws the light theme whatever the screen shows.
  const printHref = tour ? `#/print?${new URLSearchParams({ tour: tour.name, lang }).toString()}` : undefined;
  const stepOptions = steps.map((st, i) => (
    <option key={st.step.id} value={i + 1}>
      {i + 1}. {st.step.title[lang]}
    </option>
  ));

  return (
    <div id={panelId} ref={root} className="ka-export-panel" hidden={!open} role="dialog" aria-label={t('export.dialog')} data-testid="export-panel" onKeyDown={onKey}>
      <label className="ka-export-row">
        <span>{t('export.format')}</span>
        <select data-testid="export-format" value={format} disabled={busy} onChange={(e) => setFormat(e.target.value as Format)}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`export.format.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="ka-export-row">
        <span>{t('export.size')}</span>
        <select data-testid="export-size" value={sizeId} disabled={busy} onChange={(e) => setSizeId(e.target.value)}>
          {EXPORT_SIZES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.width} × {s.height}
            </option>
          ))}
        </select>
      </label>
      {steps.length > 0 && (
        <label className="ka-export-check">
          <input type="checkbox" data-testid="export-caption" checked={withCaption} disabled={busy} onChange={(e) => setWithCaption(e.target.checked)} />
          {t('export.caption')}
        </label>
      )}
      {clip && (
        <fieldset className="ka-export-range" disabled={busy}>
          <legend>{t('export.range')}</legend>
          {steps.length > 0 && (
            <div className="ka-export-kinds">
              <label>
                <input type="radio" name={`${panelId}-kind`} data-testid="export-range-steps" checked={rangeKind === 'steps'} onChange={() => setRangeKind('steps')} />
                {t('export.range.steps')}
              </label>
              <label>
                <input type="radio" name={`${panelId}-kind`} data-testid="export-range-time" checked={rangeKind === 'time'} onChange={() => setRangeKind('time')} />
                {t('export.range.time')}
              </label>
            </div>
          )}
          {useSteps ? (
            <>
              <label className="ka-export-row">
                <span>{t('export.fromStep')}</span>
                <select data-testid="export-from-step" value={firstStep} onChange={(e) => setFirstStep(Number(e.target.value))}>
                  {stepOptions}
                </select>
              </label>
              <label className="ka-export-row">
                <span>{t('export.toStep')}</span>
                <select data-testid="export-to-step" value={lastStep} onChange={(e) => setLastStep(Number(e.target.value))}>
                  {stepOptions}
                </select>
              </label>
            </>
          ) : (
            <>
              <label className="ka-export-row">
                <span>{t('export.from')}</span>
                <input data-testid="export-from" value={fromText} spellCheck={false} onChange={(e) => setFromText(e.target.value)} />
              </label>
              <label className="ka-export-row">
                <span>{t('export.to')}</span>
                <input data-testid="export-to" value={toText} spellCheck={false} onChange={(e) => setToText(e.target.value)} />
              </label>
            </>
          )}
          {'error' in range ? (
            <p className="ka-export-error" role="alert" data-testid="export-range-error">
              {range.error}
            </p>
          ) : (
            plan && (
              <p className="ka-export-note" data-testid="export-duration" data-ms={plan.durationMs}>
                {t('export.length', { s: (plan.durationMs / 1000).toFixed(1) })}
              </p>
            )
          )}
        </fieldset>
      )}
      <div className="ka-export-actions">
        <button type="button" className="ka-btn ka-btn--primary ka-export-go" data-testid="export-go" disabled={busy || (clip && 'error' in range)} onClick={() => void run()}>
          {t('export.go')}
        </button>
        {printHref && (
          <a className="ka-export-print" href={printHref} target="_blank" rel="noopener" data-testid="export-print">
            {t('export.print')}
          </a>
        )}
      </div>
      <p className={`ka-export-status${status.kind === 'error' ? ' is-error' : ''}`} role="status" data-testid="export-status" data-state={status.kind} {...(status.kind === 'done' ? { 'data-file': status.file, 'data-bytes': status.bytes } : {})}>
        {status.kind === 'busy' && t('export.busy', { n: status.n, total: status.total })}
        {status.kind === 'done' && t('export.done', { file: status.file, size: formatBytes(status.bytes) })}
        {status.kind === 'error' && status.message}
      </p>
    </div>
  );
}
