import { assign, createActor, setup } from 'xstate';

/**
 * The tour's UI machine (xstate v5). idle (the tour's cover) → step n → … → ended. Inside a step,
 * a question is `asking` until revealed, then `answered`; a step without one is `reading`. Back
 * is always possible, from any step and from the end (the feature peers asked for most), and a
 * revealed answer stays revealed when you come back to it.
 *
 * The machine knows steps only by count and whether each has a question: the panel maps the
 * index to the step's playhead and selection.
 */

export interface TourMachineInput {
  /** One entry per step: whether it asks a question. */
  questions: readonly boolean[];
}

export interface TourContext {
  questions: readonly boolean[];
  /** The current step (0-based); -1 before the start. */
  index: number;
  /** The picked choice per step, while asking and after. */
  picked: Readonly<Record<number, string>>;
  /** Steps whose answer was revealed. */
  revealed: Readonly<Record<number, true>>;
}

export type TourEvent =
  | { type: 'START' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'GOTO'; index: number }
  | { type: 'PICK'; choice: string }
  | { type: 'REVEAL' }
  | { type: 'RESTART' };

const last = (c: TourContext) => c.questions.length - 1;

export const tourMachine = setup({
  types: {
    context: {} as TourContext,
    events: {} as TourEvent,
    input: {} as TourMachineInput,
  },
  guards: {
    hasNext: ({ context }) => context.index < last(context),
    hasPrev: ({ context }) => context.index > 0,
    validGoto: ({ context, event }) => event.type === 'GOTO' && Number.isInteger(event.index) && event.index >= 0 && event.index <= last(context),
    asks: ({ context }) => context.questions[context.index] === true && !context.revealed[context.index],
    wasRevealed: ({ context }) => context.questions[context.index] === true && context.revealed[context.index] === true,
    hasPick: ({ context }) => context.picked[context.index] !== undefined,
  },
  actions: {
    next: assign({ index: ({ context }) => context.index + 1 }),
    prev: assign({ index: ({ context }) => context.index - 1 }),
    first: assign({ index: 0 }),
    toLast: assign({ index: ({ context }) => last(context) }),
    goto: assign({ index: ({ event }) => (event.type === 'GOTO' ? event.index : 0) }),
    pick: assign({
      picked: ({ context, event }) => (event.type === 'PICK' ? { ...context.picked, [context.index]: event.choice } : context.picked),
    }),
    reveal: assign({ revealed: ({ context }) => ({ ...context.revealed, [context.index]: true as const }) }),
  },
}).createMachine({
  id: 'tour',
  context: ({ input }) => ({ questions: input.questions, index: -1, picked: {}, revealed: {} }),
  initial: 'idle',
  on: {
    GOTO: { guard: 'validGoto', target: '.step', actions: 'goto', reenter: true },
  },
  states: {
    idle: {
      on: { START: { target: 'step', actions: 'first' }, NEXT: { target: 'step', actions: 'first' } },
    },
    step: {
      initial: 'entering',
      on: {
        NEXT: [{ guard: 'hasNext', target: 'step', actions: 'next', reenter: true }, { target: 'ended' }],
        BACK: [{ guard: 'hasPrev', target: 'step', actions: 'prev', reenter: true }, { target: 'idle', actions: assign({ index: -1 }) }],
        RESTART: { target: 'step', actions: 'first', reenter: true },
      },
      states: {
        entering: {
          always: [{ guard: 'asks', target: 'question.asking' }, { guard: 'wasRevealed', target: 'question.answered' }, { target: 'reading' }],
        },
        reading: {},
        question: {
          initial: 'asking',
          states: {
            asking: {
              on: {
                PICK: { actions: 'pick' },
                REVEAL: { guard: 'hasPick', target: 'answered', actions: 'reveal' },
              },
            },
            answered: {},
          },
        },
      },
    },
    ended: {
      on: {
        BACK: { target: 'step', actions: 'toLast' },
        RESTART: { target: 'step', actions: 'first' },
      },
    },
  },
});

/** A snapshot's phase as the panel shows it. */
export type TourPhase = 'idle' | 'reading' | 'asking' | 'answered' | 'ended';

export function phaseOf(snapshot: { matches(v: unknown): boolean }): TourPhase {
  if (snapshot.matches('idle')) return 'idle';
  if (snapshot.matches('ended')) return 'ended';
  if (snapshot.matches({ step: { question: 'asking' } })) return 'asking';
  if (snapshot.matches({ step: { question: 'answered' } })) return 'answered';
  return 'reading';
}

/** A started tour actor (views outside ui/machines may not import xstate, so they make it here). */
export function createTourActor(input: TourMachineInput) {
  const actor = createActor(tourMachine, { input });
  actor.start();
  return actor;
}

export type TourActor = ReturnType<typeof createTourActor>;
