import { measureImport } from './child.ts';

/** `node --import tsx bench/import/child-main.ts baseline|import FILE`: prints one result line. */
const [side, file] = process.argv.slice(2);
if ((side !== 'baseline' && side !== 'import') || !file) {
  console.error('usage: child-main.ts baseline|import FILE');
  process.exit(2);
}
const m = await measureImport(side, file);
process.stdout.write(`import-result:${JSON.stringify(m)}\n`);
