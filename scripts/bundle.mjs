// `npm run build`, after tsc: the CLI and the extraction worker as a few ES modules in
// dist/bundle/, which is what `cite-lint` runs. Node 20 resolves and loads each of the ~180
// modules of the unbundled build on its own (the parser alone is 140, from 20 packages): 130-200
// ms before the first brief can be parsed, paid by every process that extracts one (a warm run
// after an edit, each worker of a cold run), and ~70 ms of every run's start-up. Bundled, loading
// the parser takes 35-40 ms. Chunks are shared between the two entries, and what the CLI imports
// only when needed (the extractor on this thread, undici for link checks) stays in chunks of its
// own, loaded as late as before. chrono-node and yaml are still required from node_modules on
// first use (see src/extract/dates.ts and metadata.ts), and undici is imported from there: it is
// CommonJS that requires Node's built-in modules, which an ES module bundle cannot do without a
// shim, and only a run that checks links, bound by the network, loads it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by their content: those of an earlier build would stay beside the new ones.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/src/cli.js', 'dist/src/engine/extract-worker.js'],
  outdir: 'dist/bundle',
  // Side by side: the pool starts its worker from `./extract-worker.js` beside its own code.
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['undici'],
  logLevel: 'warning',
});
