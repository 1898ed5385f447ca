/**
 * A minimal MaxMind DB (format 2.0) writer for tests: an IPv4 database (record size 24) mapping
 * networks to JSON-like records, so geoip lookups run through the real `maxmind` reader on data
 * the tests control. Only the types such records need: maps, arrays, strings, doubles, unsigned
 * integers and booleans. See https://maxmind.github.io/MaxMind-DB/ for the format.
 */
type Value = string | number | boolean | Value[] | { [key: string]: Value };

function control(type: number, size: number): Buffer {
  const extended = type > 7;
  const sizeBytes: number[] = [];
  let sizeBits = size;
  if (size >= 65821) {
    sizeBits = 31;
    const rest = size - 65821;
    sizeBytes.push((rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff);
  } else if (size >= 285) {
    sizeBits = 30;
    const rest = size - 285;
    sizeBytes.push((rest >> 8) & 0xff, rest & 0xff);
  } else if (size >= 29) {
    sizeBits = 29;
    sizeBytes.push(size - 29);
  }
  const first = ((extended ? 0 : type) << 5) | sizeBits;
  return Buffer.from([first, ...(extended ? [type - 7] : []), ...sizeBytes]);
}

function unsigned(type: number, value: number | bigint): Buffer {
  let hex = BigInt(value).toString(16);
  if (hex === '0') return control(type, 0);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([control(type, bytes.length), bytes]);
}

export function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) return unsigned(6, value);
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

interface TrieNode {
  children: [TrieNode | number | null, TrieNode | number | null]; // number = offset in the data section
}

function ipv4Bits(cidr: string): number[] {
  const [ip, prefix = '32'] = cidr.split('/');
  const value = ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  return Array.from({ length: Number(prefix) }, (_, i) => Math.floor(value / 2 ** (31 - i)) % 2);
}

/** Builds the database: `networks` maps an IPv4 CIDR (or address) to its record. */
export function buildMmdb(networks: Record<string, Value>, databaseType = 'GeoLite2-City'): Buffer {
  const data: Buffer[] = [];
  let dataLength = 0;
  const root: TrieNode = { children: [null, null] };
  for (const [cidr, record] of Object.entries(networks)) {
    const encoded = encode(record);
    const offset = dataLength;
    data.push(encoded);
    dataLength += encoded.length;
    const bits = ipv4Bits(cidr);
    let node = root;
    bits.forEach((bit, i) => {
      if (i === bits.length - 1) {
        node.children[bit] = offset;
        return;
      }
      let next = node.children[bit];
      if (next === null || typeof next === 'number') {
        next = { children: [null, null] };
        node.children[bit] = next;
      }
      node = next;
    });
  }
  const nodes: TrieNode[] = [];
  const index = new Map<TrieNode, number>();
  const visit = (node: TrieNode) => {
    index.set(node, nodes.length);
    nodes.push(node);
    for (const child of node.children) if (child && typeof child === 'object') visit(child);
  };
  visit(root);
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  nodes.forEach((node, i) => {
    node.children.forEach((child, side) => {
      const record = child === null ? count : typeof child === 'number' ? count + 16 + child : (index.get(child) as number);
      tree.writeUIntBE(record, i * 6 + side * 3, 3);
    });
  });
  const metadata = Buffer.concat([
    control(7, 9),
    encode('node_count'), unsigned(6, count),
    encode('record_size'), unsigned(5, 24),
    encode('ip_version'), unsigned(5, 4),
    encode('database_type'), encode(databaseType),
    encode('languages'), encode(['en']),
    encode('binary_format_major_version'), unsigned(5, 2),
    encode('binary_format_minor_version'), unsigned(5, 0),
    encode('build_epoch'), unsigned(9, 1_700_000_000),
    encode('description'), encode({ en: 'auth0-gateway test database' }),
  ]);
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'), metadata]);
}
