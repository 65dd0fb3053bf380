// npm run bench:extract: extraction throughput (MB of text per second, one core) on the sample
// briefs, against bare unified().use(remarkParse).parse() of the same texts in the same run.
// Target (issue 7): extraction ≥ 3 MB/s per core.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { buildDocument, formatOf } from '../dist/src/extract/document.js';
import { parseMarkdown } from '../dist/src/parse/markdown.js';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['fixtures/briefs', 'fixtures/corpus'];
const briefs = dirs.flatMap((d) =>
  readdirSync(join(root, d)).filter((f) => /\.(md|txt)$/.test(f)).map((f) => [f, readFileSync(join(root, d, f), 'utf8')]),
);
// About 3 MB: the sample briefs repeated, each copy under its own name.
const copies = Math.ceil(3e6 / briefs.reduce((n, [, t]) => n + t.length, 0));
const corpus = Array.from({ length: copies }, (_, i) => briefs.map(([f, t]) => [`${i}-${f}`, t])).flat();
const mb = corpus.reduce((n, [, t]) => n + Buffer.byteLength(t), 0) / 1e6;

const bare = unified().use(remarkParse);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs = 5) {
  fn(); // warm-up: compile every path once
  const seconds = [];
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    fn();
    seconds.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(seconds);
}

const tBare = time(() => corpus.forEach(([, t]) => bare.parse(t)));
const tParse = time(() => corpus.forEach(([f, t]) => formatOf(f) === 'markdown' && parseMarkdown(t)));
const tBuild = time(() => corpus.forEach(([f, t]) => buildDocument(f, t)));
const extraction = tBuild - tParse;

const rate = (s) => (mb / s).toFixed(2);
console.log(`corpus: ${corpus.length} briefs, ${mb.toFixed(2)} MB (${copies} copies of ${briefs.length} sample briefs)`);
console.log(`bare remark-parse, every file:        ${rate(tBare)} MB/s   (baseline)`);
console.log(`cite-lint parse (Markdown files only): ${rate(tParse)} MB/s`);
console.log(`cite-lint parse + extract:             ${rate(tBuild)} MB/s   ratio to baseline ${(tBare / tBuild).toFixed(2)}×`);
console.log(`extraction alone (build − parse):      ${rate(extraction)} MB/s   target ≥ 3.00 MB/s: ${mb / extraction >= 3 ? 'PASS' : 'FAIL'}`);
