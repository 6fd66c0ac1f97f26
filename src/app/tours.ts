import { tourCatalog, type TourCatalog } from '../ui/tour/catalog.ts';

/**
 * The tours shipped with the app (examples/tours/*.tour.yaml), each its own chunk fetched when
 * opened. Here, in the composition root, because only app and embed may reach into examples/.
 */
export const TOURS: TourCatalog = tourCatalog(
  import.meta.glob<string>('../../examples/tours/*.tour.yaml', { query: '?raw', import: 'default' }),
);
