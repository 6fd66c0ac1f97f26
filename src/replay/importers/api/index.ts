import type { Importer } from '../../types.ts';
import { auditImporter } from './audit/importer.ts';
import { k8sEventsImporter } from './k8s-events/importer.ts';
import { simkubeImporter } from './simkube/importer.ts';
import { watchImporter } from './watch/importer.ts';

/** The importers of API-side recordings (audit, Events, watch streams, SimKube). */
export const API_IMPORTERS: Importer[] = [auditImporter, k8sEventsImporter, watchImporter, simkubeImporter];
