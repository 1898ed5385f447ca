/**
 * Writes a tiny MaxMind DB (format 2.0, IPv4, 24-bit records) mapping whole networks to a country,
 * shaped like GeoLite2-Country records (`{country: {iso_code}}`), for tests of the GeoIP lookup.
 */
import { writeFileSync } from 'node:fs';

type Value = string | number | Value[] | { [key: string]: Value };

const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')]);

function control(type: number, size: number): Buffer {
  if (size >= 29) throw new Error('values this large are not needed here');
  return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]);
}

function unsigned(type: number, value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

/** MMDB data section encoding: strings, maps, arrays, and numbers as uint32 (or uint16/uint64 by key). */
function encode(value: Value, key = ''): Buffer {
  if (typeof value === 'string') return Buffer.concat([control(2, Buffer.byteLength(value)), Buffer.from(value)]);
  if (typeof value === 'number') return unsigned(key === 'build_epoch' ? 9 : /version|record_size|ip_version/.test(key) ? 5 : 6, value);
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map((v) => encode(v))]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v, k)])]);
}

function record24(value: number): Buffer {
  return Buffer.from([(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

/** Writes `networks` (`a.b.c.d/len` → ISO country code) to `path`. */
export function writeCountryDatabase(path: string, networks: Record<string, string>): void {
  const data: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  for (const code of Object.values(networks)) {
    offsets.push(size);
    const encoded = encode({ country: { iso_code: code } });
    data.push(encoded);
    size += encoded.length;
  }
  // The tree: node 0 is the root; each node holds [left (bit 0), right (bit 1)].
  const nodes: Array<[number | null, number | null]> = [[null, null]];
  const leaves: Array<{ node: number; bit: number; data: number }> = [];
  Object.keys(networks).forEach((cidr, index) => {
    const [address, length] = cidr.split('/');
    const bits = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    let node = 0;
    for (let depth = 0; depth < Number(length); depth++) {
      const bit = Math.floor(bits / 2 ** (31 - depth)) % 2;
      if (depth === Number(length) - 1) {
        leaves.push({ node, bit, data: index });
        break;
      }
      if (nodes[node][bit] === null) {
        nodes.push([null, null]);
        nodes[node][bit] = nodes.length - 1;
      }
      node = nodes[node][bit] as number;
    }
  });
  const count = nodes.length;
  const records = nodes.map(([left, right]) => [left ?? count, right ?? count]);
  for (const leaf of leaves) records[leaf.node][leaf.bit] = count + 16 + offsets[leaf.data];
  const tree = Buffer.concat(records.flatMap(([left, right]) => [record24(left), record24(right)]));
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: Math.floor(Date.now() / 1000),
    database_type: 'GeoLite2-Country',
    description: { en: 'test countries' },
    ip_version: 4,
    languages: ['en'],
    node_count: count,
    record_size: 24,
  });
  writeFileSync(path, Buffer.concat([tree, Buffer.alloc(16), ...data, METADATA_MARKER, metadata]));
}
