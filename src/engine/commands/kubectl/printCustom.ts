import { printerCell, printerColumns } from '../../../domain/k8s/crd.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import { servedCrd } from '../../api/discovery.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { age, type KindPrinter } from './printRows.ts';

/**
 * The table of a custom resource, as the CRD handler's table convertor builds it
 * (apiextensions-apiserver pkg/registry/customresource/tableconvertor): NAME, then the CRD's
 * additionalPrinterColumns in order (priority > 0 only with -o wide; `date` columns as ages),
 * or NAME and AGE for a CRD without columns. Headers upper-cased as kubectl prints them.
 */
export function customResourcePrinter(sim: Simulation, info: ResourceInfo): KindPrinter | undefined {
  const crd = servedCrd(sim, info);
  if (!crd) return undefined;
  const columns = printerColumns(crd, true);
  if (columns.length === 0) return undefined;
  return {
    columns: [{ header: 'NAME', wide: false }, ...columns.map((c) => ({ header: c.name.toUpperCase(), wide: (c.priority ?? 0) > 0 }))],
    cells: (obj, ctx) => [
      obj.metadata.name ?? '',
      ...columns.map((c) => {
        const cell = printerCell(obj, c);
        return c.type === 'date' ? (cell ? age(cell, ctx) : '<unknown>') : cell;
      }),
    ],
  };
}
