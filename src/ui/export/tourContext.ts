import { createContext, useContext } from 'react';
import type { Tour } from '../tour/types.ts';

/**
 * The tour on screen, for the export menu (captions, step ranges, the print page's link). The
 * app provides it around the Workbench; without a provider there is no tour.
 */
export const ExportTourContext = createContext<Tour | undefined>(undefined);

export function useExportTour(): Tour | undefined {
  return useContext(ExportTourContext);
}
