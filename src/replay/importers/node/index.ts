import type { Importer } from '../../types.ts';
import { crictlEventsImporter } from './crictl-events.ts';
import { ctrEventsImporter } from './ctr-events.ts';
import { etcdWatchImporter } from './etcd-watch.ts';
import { jaegerImporter } from './jaeger.ts';
import { otlpImporter } from './otlp.ts';
import { runcStateImporter } from './runc-state.ts';
import { straceImporter } from './strace.ts';

/** The importers of node-side recordings (OTLP/Jaeger spans, ctr/crictl events, strace, runc, etcdctl watch). */
export const NODE_IMPORTERS: Importer[] = [otlpImporter, jaegerImporter, ctrEventsImporter, crictlEventsImporter, straceImporter, runcStateImporter, etcdWatchImporter];
