import { isIP } from 'node:net';

function ipv4Parts(ip: string): number[] | null {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : null;
}

/**
 * Whether an address must not be fetched by default: loopback, private, link-local, CGNAT,
 * multicast, broadcast, unspecified, and IPv4 mapped or embedded in IPv6.
 */
export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) {
    const [a, b] = ipv4Parts(ip)!;
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0 && ipv4Parts(ip)![2] === 0) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  if (v === 6) {
    const lower = ip.toLowerCase().replace(/^\[|\]$/g, '');
    const mapped = /^(?:0*:)*:?(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isPrivateAddress(mapped[1]) || !lower.includes('ffff');
    const hextets = expand(lower);
    if (!hextets) return true;
    if (hextets.every((h) => h === 0)) return true; // ::
    if (hextets.slice(0, 7).every((h) => h === 0) && hextets[7] === 1) return true; // ::1
    if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
      return isPrivateAddress(`${hextets[6] >> 8}.${hextets[6] & 255}.${hextets[7] >> 8}.${hextets[7] & 255}`);
    }
    const first = hextets[0];
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || first === 0x64 && hextets[1] === 0xff9b;
  }
  return true;
}

function expand(ip: string): number[] | null {
  const [head, tail] = ip.split('::');
  const parse = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  if (tail === undefined && h.length !== 8) return null;
  const out = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return out.length === 8 && out.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? out : null;
}
