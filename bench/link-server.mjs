// Loopback servers for bench/links.mjs: H hosts (ports) × P paths, answering after L ms; 5 % of
// paths 404. In "guarded" mode each host takes only k requests at once (k from 2–12, fixed seed)
// and answers 429 with Retry-After: 1 beyond that. Prints the ports, then serves until killed.
import { createServer } from 'node:http';

const [hosts, latency, mode] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const stats = [];
const servers = [];
for (let h = 0; h < hosts; h++) {
  const k = 2 + Math.floor(random() * 11);
  const s = { k, active: 0, max: 0, requests: 0, rejected: 0 };
  stats.push(s);
  const server = createServer((req, res) => {
    if (req.url === '/__stats') return res.end(JSON.stringify(stats));
    s.requests++;
    if (mode === 'guarded' && s.active >= k) {
      s.rejected++;
      res.writeHead(429, { 'retry-after': '1' }).end();
      return;
    }
    s.active++;
    s.max = Math.max(s.max, s.active);
    setTimeout(() => {
      s.active--;
      const n = Number((req.url ?? '').split('/').pop());
      res.statusCode = n % 20 === 7 ? 404 : 200;
      res.end(req.method === 'HEAD' ? undefined : '<title>ok</title>');
    }, latency);
  });
  server.keepAliveTimeout = 5000;
  servers.push(new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port))));
}
console.log(JSON.stringify({ ports: await Promise.all(servers), k: stats.map((s) => s.k) }));
