/* global window, document, URL, URLSearchParams, console */
// A reveal.js plugin: the steps of an embedded kube-anatomy tour become the slide's fragments, so
// the deck's own keys (PageDown, Space, →, a clicker) step the tour and then leave the slide, and
// `#/<slide>/<fragment>` in the URL (fragmentInURL) brings the same step back after a reload.
//
//   <section id="tour"><iframe data-kube-anatomy data-src="…/#/embed?tour=how-a-pod-comes-to-be"></iframe></section>
//   Reveal.initialize({ hash: true, fragmentInURL: true, plugins: [KubeAnatomy] });
//
// Tour step 1 is the slide without fragments, step n the slide with n − 1 fragments shown: a
// fragment per step after the first, created when the embed's `ready` says how many steps there
// are. The embed is driven with the host client of player.js (src/embed/player/client.ts).
import { EmbedClient, iframeOrigin } from '../../../dist/player.js';

/** Keys the embed hands back at the tour's first step that mean "previous" (Shift+Space comes as ' '). */
const BACK_KEYS = new Set(['PageUp', 'ArrowLeft', 'ArrowUp', ' ']);

/**
 * The plugin factory (reveal calls it); options: `lang` (`en`/`ja`, default the deck URL's
 * `?lang=`), `theme` (default: leave the iframe's own).
 */
export default function KubeAnatomy(options = {}) {
  // `Reveal.getPlugin('kube-anatomy').tours`: each embedded tour's client and step, for deck scripts and tests.
  const plugin = { id: 'kube-anatomy', tours: [], init: (deck) => void (plugin.tours = init(deck, options)) };
  return plugin;
}

function init(deck, options) {
  // Read now: reveal rewrites the hash at start, before any embed has said how many steps there are.
  const startHash = window.location.hash;
  const lang = options.lang ?? new URLSearchParams(window.location.search).get('lang') ?? undefined;
  const tours = [...deck.getRevealElement().querySelectorAll('.slides section iframe[data-kube-anatomy]')].map((iframe) =>
    tourOf(deck, iframe, { lang, theme: options.theme, step: stepFromHash(iframe.closest('section'), startHash) }),
  );
  deck.on('slidechanged', () => tours.forEach((t) => t.onSlide()));
  deck.on('fragmentshown', () => tours.forEach((t) => t.syncToEmbed()));
  deck.on('fragmenthidden', () => tours.forEach((t) => t.syncToEmbed()));
  return tours;
}

function tourOf(deck, iframe, { lang, theme, step }) {
  const section = iframe.closest('section');
  setParams(iframe, { lang, theme, step: step > 1 ? String(step) : null, origins: crossOrigin(iframe) });
  const client = EmbedClient.forIframe(iframe);
  const tour = { iframe, section, client, steps: undefined, step: step ?? 1 };
  const isCurrent = () => deck.getCurrentSlide() === section;
  const fragments = () => [...section.querySelectorAll(':scope > .ka-step.fragment')];
  /** The step the deck shows: 1 + the step fragments shown. */
  const deckStep = () => 1 + fragments().filter((f) => f.classList.contains('visible')).length;

  /** Shows `n` on the deck: its fragments up to step n (reveal updates the URL). */
  const showOnDeck = (n) => {
    if (!isCurrent() || deckStep() === n) return;
    const { h, v } = deck.getIndices(section);
    deck.slide(h, v, n - 2);
  };

  const makeFragments = (steps) => {
    if (fragments().length === steps - 1) return;
    for (const f of fragments()) f.remove();
    for (let i = 1; i < steps; i++) {
      const f = document.createElement('span');
      f.className = 'fragment ka-step';
      f.dataset.kaStep = String(i + 1);
      f.setAttribute('aria-hidden', 'true');
      section.append(f);
    }
    deck.syncFragments(section);
  };

  client.on('ready', (s) => {
    if (!s.steps) return console.warn(`kube-anatomy plugin: the embed in #${section.id || '?'} shows no tour; its steps are not the deck's`);
    tour.steps = s.steps;
    makeFragments(s.steps);
    // On the slide: show the step asked for (from the URL, or the deck's fragments) on the deck,
    // which also writes it into the URL again; the embed follows if it opened elsewhere.
    if (isCurrent()) {
      const { h, v } = deck.getIndices(section);
      deck.slide(h, v, Math.min(tour.step, s.steps) - 2);
      tour.step = deckStep();
    }
    if (s.step !== tour.step) client.goto(tour.step).catch(warn);
  });
  // Stepped inside the iframe (focus there, its own keys or buttons): the deck follows.
  client.on('stepchanged', (s) => {
    if (s.step === undefined) return;
    tour.step = s.step;
    showOnDeck(s.step);
  });
  // Next on the tour's last step, from inside the iframe: the deck moves on.
  client.on('ended', () => {
    if (!isCurrent()) return;
    showOnDeck(tour.steps ?? 1);
    leaveFrame();
    deck.next();
  });
  client.on('keypass', (s) => {
    if (!isCurrent()) return;
    const key = s.key ?? '';
    if (BACK_KEYS.has(key) && (s.step ?? 1) <= 1 && (s.steps ?? 1) > 1) {
      leaveFrame();
      deck.prev();
    } else if (key === 'b' || key === 'B' || key === '.' || key === 'v' || key === 'V') {
      leaveFrame();
      deck.togglePause();
    } else if (key === 'o' || key === 'O' || key === 'Escape') {
      leaveFrame();
      deck.toggleOverview();
    }
  });

  /** Gives the keys back to the deck once it acts on one the embed passed on. */
  const leaveFrame = () => {
    if (document.activeElement === iframe) iframe.blur();
    window.focus();
  };

  tour.syncToEmbed = () => {
    if (!isCurrent() || tour.steps === undefined) return;
    const n = deckStep();
    if (n === tour.step) return;
    tour.step = n;
    client.goto(n).catch(warn);
  };
  tour.onSlide = () => {
    // Left by any means (a keypass, the deck's arrows, the overview): the keys are the deck's again.
    if (!isCurrent()) {
      if (document.activeElement === iframe) leaveFrame();
      return;
    }
    // Reveal (re)loads the frame from data-src right after this event: open it on the deck's step.
    if (tour.steps !== undefined) tour.step = deckStep();
    setParams(iframe, { step: tour.step > 1 ? String(tour.step) : null });
  };
  return tour;
}

/** The fragment index of `#/<id>/<f>` or `#/<h>/<v>/<f>` when it names this section, as a tour step (f + 2). */
function stepFromHash(section, hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
  let f;
  if (section.id && parts[0] === section.id) f = parts[1];
  else {
    const { h, v } = domIndices(section);
    if (Number(parts[0] || 0) === h && Number(parts[1] || 0) === v) f = parts[2];
  }
  const n = Number.parseInt(f ?? '', 10);
  return Number.isNaN(n) || n < 0 ? 1 : n + 2;
}

/** The slide's h/v indices from the DOM (reveal's own are not ready during plugin init). */
function domIndices(section) {
  const parent = section.parentElement;
  if (parent?.tagName === 'SECTION') return { h: index(parent), v: index(section) };
  return { h: index(section), v: 0 };
}
const index = (el) => [...el.parentElement.children].filter((c) => c.tagName === 'SECTION').indexOf(el);

/** Sets (or, with null, removes; undefined: leaves) parameters of the embed URL in the frame's data-src, and src if it has one. */
function setParams(iframe, params) {
  const attr = iframe.hasAttribute('data-src') ? 'data-src' : 'src';
  const raw = iframe.getAttribute(attr);
  if (!raw) return;
  const url = new URL(raw, document.baseURI);
  const [path, query = ''] = url.hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  url.hash = `${path || '/embed'}?${q.toString().replace(/%2C/g, ',')}`;
  if (url.href !== raw) iframe.setAttribute(attr, url.href);
}

/** The deck's origin when the app is on another (the embed accepts only its own otherwise). */
function crossOrigin(iframe) {
  const app = iframeOrigin(iframe);
  return app !== '*' && app !== window.location.origin && window.location.origin !== 'null' ? window.location.origin : undefined;
}

const warn = (e) => console.warn(e instanceof Error ? e.message : e);
