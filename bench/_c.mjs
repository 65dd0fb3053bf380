import { LinkChecker } from '../dist/src/net/checker.js';
import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/lbdir';
const urls = readdirSync(dir).filter(f=>f.endsWith('.md')).flatMap(f => [...readFileSync(dir+'/'+f,'utf8').matchAll(/\((http:[^)]+)\)/g)].map(m=>m[1]));
for (let r = 0; r < 3; r++) {
const c = new LinkChecker({ allowPrivate: true });
const t = performance.now(); const cpu = process.cpuUsage();
const res = await c.check(urls);
const u = process.cpuUsage(cpu);
console.log(urls.length, 'urls', (performance.now()-t).toFixed(0), 'ms wall', ((u.user+u.system)/1000).toFixed(0), 'ms cpu', c.requests, 'requests');
await c.close();
}
