/**
 * kubectl's printers, one import for the client: tables (`kubectl get`, `-o wide`), `-o yaml`,
 * `-o json`, `-o name`, and the "No resources found" message. All pure: objects and the
 * simulated now in, bytes out.
 */
export { printTable, tableCells, type TableCells, type TableOptions } from './printTable.ts';
export { TabWriter } from './printTabwriter.ts';
export { printJson, printYaml } from './printObjects.ts';
export { printNames } from './printNames.ts';
export { noResourcesFound } from './printMessages.ts';
export { asKubectlList, type KubectlList } from './printList.ts';
export { toGoYaml } from './printYaml.ts';
export { toGoJson } from './printJson.ts';
