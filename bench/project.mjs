// npm run bench:project: the project phase (cross-document consistency) over N briefs' claims.
// Claims are generated directly (no parsing) with the key collisions real corpora have: many
// briefs on the same few subjects. Prints the time for N = 1,000 and 10,000 and, as a baseline
// measured in the same run, an all-pairs comparison of the 1,000-brief set.
import { numberConflicts, dateConflicts, comparable } from '../dist/src/consistency.js';
import { LineIndex } from '../dist/src/parse/positions.js';

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const owners = ['France', 'Mali', 'Niger', 'Chad', 'United States', 'UN', 'Burkina Faso', 'Russia', 'EU', 'Takuba', 'Germany', 'Mauritania'];
const units = ['troops', 'deaths', 'incidents', 'people', 'peacekeepers', 'displaced'];
const events = ['coup', 'resignation'];
const point = { line: 1, column: 1, offset: 0 };
const range = { start: point, end: point };

function corpus(n) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    const year = 2015 + Math.floor(random() * 9);
    const month = 1 + Math.floor(random() * 12);
    const day = `${year}-${String(month).padStart(2, '0')}-15`;
    const claims = [];
    for (let k = 0; k < 12; k++) {
      const v = Math.round(100 + random() * 10000);
      claims.push({
        kind: 'quantity', text: `${v} x`, sentence: '', range, value: v, low: v - 50, high: v + 50,
        unit: pick(units), noun: null, approximator: null, owners: [pick(owners)], subjects: [], scope: null,
        modality: 'actual', change: false, time: { start: day, end: day, source: 'document' },
      });
    }
    for (let k = 0; k < 2; k++) {
      const d = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      claims.push({ kind: 'date', text: d, sentence: '', range, event: pick(events), subjects: [pick(owners)], date: { start: d, end: d, granularity: 'day' }, disambiguator: null });
    }
    docs.push({ path: `brief-${i}.md`, text: '', lines: new LineIndex(''), claims });
  }
  return docs;
}

const time = (fn) => {
  const t = process.hrtime.bigint();
  const r = fn();
  return [Number(process.hrtime.bigint() - t) / 1e9, r];
};

const results = {};
for (const n of [1000, 10000]) {
  const docs = corpus(n);
  const [s, found] = time(() => numberConflicts(docs, []).length + dateConflicts(docs, []).length);
  results[n] = s;
  console.log(`N = ${String(n).padStart(6)}: ${docs.reduce((k, d) => k + d.claims.length, 0)} claims, ${found} findings, ${s.toFixed(2)} s`);
}
const small = corpus(1000).flatMap((d) => d.claims.filter((c) => c.kind !== 'date'));
const [pairs] = time(() => {
  let k = 0;
  for (let i = 0; i < small.length; i++) for (let j = i + 1; j < small.length; j++) if (comparable(small[i], small[j])) k++;
  return k;
});
console.log(`baseline, all-pairs comparable() over the 1,000-brief claims: ${pairs.toFixed(2)} s (indexed phase ${(pairs / results[1000]).toFixed(1)}× faster)`);
console.log(`time(10,000) / time(1,000) = ${(results[10000] / results[1000]).toFixed(1)} (linear would be 10)`);
console.log(`target: 10,000 briefs in seconds (< 10 s): ${results[10000] < 10 ? 'PASS' : 'FAIL'}`);
