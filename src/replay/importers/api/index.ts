import type { Importer } from '../../types.ts';

/** The importers of API-side recordings (audit, Events, watch streams, SimKube). */
export const API_IMPORTERS: Importer[] = [];
