import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { phaseOf, tourMachine } from './tour.machine.ts';

function start(questions: boolean[]) {
  const actor = createActor(tourMachine, { input: { questions } });
  actor.start();
  const state = () => ({ index: actor.getSnapshot().context.index, phase: phaseOf(actor.getSnapshot()) });
  return { actor, state };
}

describe('tour machine', () => {
  it('starts idle and walks forward to the end', () => {
    const { actor, state } = start([false, false, false]);
    expect(state()).toEqual({ index: -1, phase: 'idle' });
    actor.send({ type: 'NEXT' });
    expect(state()).toEqual({ index: 0, phase: 'reading' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    expect(state()).toEqual({ index: 2, phase: 'reading' });
    actor.send({ type: 'NEXT' });
    expect(state().phase).toBe('ended');
  });

  it('goes back from every step, from the end, and from the first step to the cover', () => {
    const { actor, state } = start([false, false]);
    actor.send({ type: 'START' });
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    expect(state().phase).toBe('ended');
    actor.send({ type: 'BACK' });
    expect(state()).toEqual({ index: 1, phase: 'reading' });
    actor.send({ type: 'BACK' });
    expect(state()).toEqual({ index: 0, phase: 'reading' });
    actor.send({ type: 'BACK' });
    expect(state()).toEqual({ index: -1, phase: 'idle' });
  });

  it('asks, needs a pick before revealing, and keeps the answer revealed on the way back', () => {
    const { actor, state } = start([false, true, false]);
    actor.send({ type: 'GOTO', index: 1 });
    expect(state()).toEqual({ index: 1, phase: 'asking' });
    actor.send({ type: 'REVEAL' });
    expect(state().phase).toBe('asking');
    actor.send({ type: 'PICK', choice: 'node-2' });
    actor.send({ type: 'REVEAL' });
    expect(state().phase).toBe('answered');
    expect(actor.getSnapshot().context.picked[1]).toBe('node-2');
    actor.send({ type: 'NEXT' });
    expect(state()).toEqual({ index: 2, phase: 'reading' });
    actor.send({ type: 'BACK' });
    expect(state()).toEqual({ index: 1, phase: 'answered' });
  });

  it('lets the reader skip a question and ignores a goto out of range', () => {
    const { actor, state } = start([true, false]);
    actor.send({ type: 'START' });
    expect(state().phase).toBe('asking');
    actor.send({ type: 'NEXT' });
    expect(state()).toEqual({ index: 1, phase: 'reading' });
    actor.send({ type: 'GOTO', index: 5 });
    expect(state().index).toBe(1);
    actor.send({ type: 'GOTO', index: 0 });
    expect(state()).toEqual({ index: 0, phase: 'asking' });
    actor.send({ type: 'RESTART' });
    expect(state()).toEqual({ index: 0, phase: 'asking' });
  });
});
