const t0 = performance.now();
const { runLint, loadCorpus } = await import('../dist/src/engine/engine.js');
const t1 = performance.now();
const c = await loadCorpus({ paths: ['/tmp/lbdir'], cwd: '/tmp/lbdir', jobs: Number(process.argv[2] ?? 1) });
const t2 = performance.now();
const r = await runLint({ paths: ['/tmp/lbdir'], cwd: '/tmp/lbdir', jobs: Number(process.argv[2] ?? 1) });
const t3 = performance.now();
console.log('import', (t1-t0).toFixed(0), 'load', (t2-t1).toFixed(0), 'runLint(offline, 2nd)', (t3-t2).toFixed(0));
