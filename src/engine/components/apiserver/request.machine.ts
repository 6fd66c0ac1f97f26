import { setup } from 'xstate';

/**
 * One request inside kube-apiserver: the filter chain and the REST handler of DOMAIN.md 2.1
 * (DefaultBuildHandlerChain, then handlers/create.go and update.go). Reads skip admission and
 * validation and are served from the watch cache.
 */
export const apiserverRequestMachine = setup({
  types: {} as { events: { type: 'NEXT' } | { type: 'READ' } | { type: 'REJECT' } | { type: 'STORED' } | { type: 'RESPONDED' } },
}).createMachine({
  id: 'apiserver-request',
  initial: 'authentication',
  states: {
    authentication: { on: { NEXT: 'authorization', REJECT: 'rejected' } },
    authorization: { on: { NEXT: 'mutatingAdmission', READ: 'storage', REJECT: 'rejected' } },
    mutatingAdmission: { on: { NEXT: 'validation', REJECT: 'rejected' } },
    validation: { on: { NEXT: 'validatingAdmission', REJECT: 'rejected' } },
    validatingAdmission: { on: { NEXT: 'storage', REJECT: 'rejected' } },
    storage: { on: { STORED: 'responded', REJECT: 'rejected' } },
    responded: { type: 'final' },
    rejected: { type: 'final' },
  },
});

/** Trace names of the pipeline stages, in order, and how long each takes (µs). */
export const PIPELINE_STAGES = [
  { state: 'authentication', op: 'authentication', dur: 40 },
  { state: 'authorization', op: 'authorization', dur: 25 },
  { state: 'mutatingAdmission', op: 'mutating admission', dur: 60 },
  { state: 'validation', op: 'validation', dur: 35 },
  { state: 'validatingAdmission', op: 'validating admission', dur: 50 },
] as const;

/** Serving a read from the watch cache. */
export const CACHE_READ_DUR = 30;
