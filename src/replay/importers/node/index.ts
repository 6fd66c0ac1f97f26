import type { Importer } from '../../types.ts';

/** The importers of node-side recordings (OTLP/Jaeger spans, ctr/crictl events, strace, runc, etcdctl watch). */
export const NODE_IMPORTERS: Importer[] = [];
