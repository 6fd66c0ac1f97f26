import { isoToMicros } from '../../../domain/k8s/duration.ts';
import { formatLabels } from '../../../domain/k8s/labels.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import { TabWriter } from './printTabwriter.ts';
import { printerFor, type KindPrinter } from './printRows.ts';

/**
 * `kubectl get`'s human-readable output (the table printer of k8s.io/cli-runtime
 * printers/tableprinter.go over the server-side tables of printRows.ts): a NAMESPACE column
 * first with -A, `kind/name` names with --show-kind, -L label columns and a LABELS column last
 * with --show-labels, headers upper-cased, the whole laid out by kubectl's tabwriter.
 */
export interface TableOptions {
  /** -o wide */
  wide: boolean;
  /** The simulated now, RFC 3339; AGE and friends are measured from it. */
  now: string;
  /** -A: adds the NAMESPACE column for namespaced resources. */
  allNamespaces: boolean;
  /** --show-labels */
  showLabels: boolean;
  /** --no-headers */
  noHeaders?: boolean;
  /**
   * --show-kind, and what kubectl does by itself when one command prints several resource
   * types (`kubectl get pods,rs`, `kubectl get all`): names read `pod/web-1`, `deployment.apps/web`.
   */
  showKind?: boolean;
  /** -L/--label-columns */
  labelColumns?: readonly string[];
  /**
   * The writer that printed earlier rows of the same resource type, so widths carry over as in
   * `kubectl get -w`. A new one by default; kubectl starts afresh for each resource type of
   * `kubectl get pods,rs` (and separates the tables with an empty line).
   */
  writer?: TabWriter;
  /** A printer from elsewhere: a custom resource's, made from its CRD's additionalPrinterColumns. */
  printer?: KindPrinter;
}

/** Header cells and row cells, before layout: what `kubectl get -w` prints row by row. */
export interface TableCells {
  header: string[];
  rows: string[][];
}

export function tableCells(resource: ResourceInfo, objects: readonly KubeObject[], opts: TableOptions): TableCells {
  const printer = opts.printer ?? printerFor(resource.kind, opts.wide);
  const ctx = { now: isoToMicros(opts.now) };
  const keep = printer.columns.map((c) => opts.wide || !c.wide);
  const withNamespace = opts.allNamespaces && resource.namespaced;
  const labelColumns = opts.labelColumns ?? [];
  // In the event table the name is not the first column; kind/name applies to the NAME column.
  const nameColumn = printer.columns.findIndex((c) => c.header === 'NAME');

  const header: string[] = [];
  if (withNamespace) header.push('NAMESPACE');
  printer.columns.forEach((c, i) => keep[i] && header.push(c.header));
  for (const label of labelColumns) header.push((label.split('/').pop() as string).toUpperCase());
  if (opts.showLabels) header.push('LABELS');

  const rows = sortedForListing(resource, objects).map((obj) => {
    const all = printer.cells(obj, ctx);
    if (opts.showKind && nameColumn >= 0) all[nameColumn] = `${resource.kubectlName}/${all[nameColumn] as string}`;
    const row: string[] = [];
    if (withNamespace) row.push(obj.metadata.namespace ?? '');
    all.forEach((cell, i) => keep[i] && row.push(cell));
    for (const label of labelColumns) row.push(obj.metadata.labels?.[label] ?? '');
    if (opts.showLabels) row.push(formatLabels(obj.metadata.labels));
    return row;
  });
  return { header, rows };
}

/**
 * The table kubectl prints on stdout, ending with a newline. An empty list prints nothing
 * here: kubectl then writes noResourcesFound() to stderr instead.
 */
export function printTable(resource: ResourceInfo, objects: readonly KubeObject[], opts: TableOptions): string {
  if (objects.length === 0) return '';
  const { header, rows } = tableCells(resource, objects, opts);
  const writer = opts.writer ?? new TabWriter();
  return writer.write(opts.noHeaders ? rows : [header, ...rows]);
}

/**
 * The order a list comes in. kubectl does not sort a table; the apiserver lists in etcd key
 * order, i.e. by namespace then name. Events are kept in that order too, which is why
 * `kubectl get events` groups events by object (event names are "<object>.<hex time>") rather
 * than by time. Objects of other kinds are printed in the order given, so `kubectl get pod b a`
 * prints b first as kubectl does; events are re-sorted because engines tend to keep them in
 * creation order.
 */
function sortedForListing(resource: ResourceInfo, objects: readonly KubeObject[]): readonly KubeObject[] {
  if (resource.kind !== 'Event') return objects;
  const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
