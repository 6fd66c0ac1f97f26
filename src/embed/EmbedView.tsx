import { useEffect, useMemo, useRef, useState } from 'react';
import type { Micros } from '../base/time.ts';
import type { Timeline } from '../timeline/index.ts';
import type { Lang } from '../ui/i18n/translate.ts';
import type { ThemeName } from '../ui/theme/themes.ts';
import { playerControls } from '../ui/playback/usePlayer.ts';
import type { SessionStore } from '../ui/session/store.ts';
import { activeTour, registerKeyPass } from '../ui/tour/useTourKeys.ts';
import type { Tour } from '../ui/tour/types.ts';
import { EmbedLayout } from './EmbedLayout.tsx';
import { event, eventTargets, handleCommand, keypass, originAllowed, parseMessage, replyTarget, type AllowList, type EmbedMessage, type EmbedState, type EmbedTarget } from './protocol.ts';
import type { ControlsLevel, EmbedViewName, UrlNote } from './url.ts';
import { DEFAULT_VIEWS } from './url.ts';

export interface EmbedViewProps {
  timeline: Timeline;
  store: SessionStore;
  /** The scenario's name, reported in the protocol's state (default: the trace header's). */
  scenario?: string;
  /** Link to the same trace in the full app. */
  fullAppHref: string;
  onSettingsChange?: (change: { lang?: Lang; theme?: ThemeName }) => void;
  views?: readonly EmbedViewName[];
  controls?: ControlsLevel;
  /** `origins=` (absent: the embed's own origin only). */
  origins?: readonly string[] | '*';
  /** The tour to narrate, and its step (0-based, already checked against the tour). */
  tour?: Tour;
  initialStep?: number;
  /** The URL's `t`, applied after the tour's step so that the URL's frame is what shows. */
  initialT?: Micros;
  /** Parameters the URL carried that were ignored, shown in a small note. */
  notes?: readonly UrlNote[];
}

/**
 * The embed (DESIGN 3.4): the views the URL names, with minimal chrome, for an iframe in a slide
 * deck. Speaks the postMessage protocol of protocol.ts with its parent: accepts commands from
 * the allowed origins only, answers them, and announces `ready`, `stepchanged`, `ended` and
 * `keypass` (the keys a deck needs back: B, ., and the step keys at the tour's ends).
 */
export function EmbedView(props: EmbedViewProps) {
  const { timeline, store, onSettingsChange, tour } = props;
  const scenario = props.scenario ?? timeline.header.scenario ?? '';
  const allow: AllowList = useMemo(() => props.origins ?? (typeof window === 'undefined' ? [] : [window.location.origin]), [props.origins]);
  const controls = useMemo(() => playerControls(store, timeline), [store, timeline]);
  // The host that last spoke: events go to it alone once known.
  const sender = useRef<string | undefined>(undefined);
  const readySent = useRef(false);

  const target: EmbedTarget = useMemo(() => {
    const state = (): EmbedState => {
      const s = store.getState();
      const st: EmbedState = { t: s.t, playing: s.playing, lang: s.lang, theme: s.theme, scenario };
      const pos = activeTour(store)?.position();
      if (pos) Object.assign(st, { tour: pos.name, step: Math.min(pos.index + 1, pos.count), steps: pos.count });
      else if (tour) Object.assign(st, { tour: tour.name });
      return st;
    };
    return {
      play: controls.play,
      pause: controls.pause,
      seek: controls.seek,
      stepEvent: (dir) => (dir === 'back' ? controls.stepBack() : controls.stepForward()),
      setLanguage: (lang) => {
        store.getState().setLang(lang);
        onSettingsChange?.({ lang });
      },
      setTheme: (theme) => {
        store.getState().setTheme(theme);
        onSettingsChange?.({ theme });
      },
      tour: () => {
        const a = activeTour(store);
        if (!a) return undefined;
        const { name, index, count } = a.position();
        return { name, index, count, goto: (i) => a.goto(i) };
      },
      state,
    };
  }, [store, controls, scenario, tour, onSettingsChange]);

  const post = useMemo(
    () => (msg: EmbedMessage) => {
      if (window.parent === window) return;
      for (const origin of eventTargets(allow, sender.current)) window.parent.postMessage(msg, origin);
    },
    [allow],
  );

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      // Our own posts to a parent that is this window (opened on its own) are no commands.
      if (ev.source === window) return;
      // Parsing is pure, so it may come first: a deck's own lifecycle strings are dropped
      // quietly whatever their origin.
      const parsed = parseMessage(ev.data);
      if (!parsed.ok && parsed.quiet) return;
      if (!originAllowed(ev.origin, allow)) {
        console.warn(`kube-anatomy embed: ignored a message from ${ev.origin}: not in origins=${allow === '*' ? '*' : allow.join(',')}`);
        return;
      }
      if (!parsed.ok) {
        console.warn(`kube-anatomy embed: ignored a message from ${ev.origin}: ${parsed.reason}`);
        return;
      }
      sender.current = ev.origin;
      const { replies, error } = handleCommand(parsed.command, target);
      if (error !== undefined && parsed.command.id === undefined) console.warn(`kube-anatomy embed: ${error}`);
      const source = ev.source as Window | null;
      for (const r of replies) source?.postMessage(r, replyTarget(ev.origin));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [allow, target]);

  // `ready` once the first frame is drawn: two animation frames after mount, the layout is painted.
  // Once only: a later change of the target (the tour's run arriving) is not a second `ready`.
  useEffect(() => {
    if (readySent.current) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        readySent.current = true;
        post(event('ready', target.state()));
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [post, target]);

  // The keys the embed hands to its deck.
  useEffect(
    () =>
      registerKeyPass(store, (key, ended) => {
        if (ended) post(event('ended', target.state()));
        if (key !== '') post(keypass(key, target.state()));
      }),
    [store, post, target],
  );

  // The URL's `t` wins over the tour step's playhead, once, on the first frame.
  const [initialT] = useState(props.initialT);
  useEffect(() => {
    if (initialT !== undefined && tour) controls.seek(initialT);
  }, [initialT, tour, controls]);

  const lastStep = useRef<number | undefined>(undefined);
  const onStep = (index: number) => {
    if (lastStep.current === index) return;
    lastStep.current = index;
    // The first step is part of the first frame (reported by `ready`); later ones are changes.
    if (readySent.current) post(event('stepchanged', target.state()));
  };

  return (
    <EmbedLayout
      timeline={timeline}
      store={store}
      views={props.views ?? DEFAULT_VIEWS}
      controls={props.controls ?? 'full'}
      fullAppHref={props.fullAppHref}
      notes={props.notes ?? []}
      onStep={onStep}
      {...(onSettingsChange ? { onSettingsChange } : {})}
      {...(tour ? { tour } : {})}
      {...(props.initialStep !== undefined ? { initialStep: props.initialStep } : {})}
    />
  );
}
