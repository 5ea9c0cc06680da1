// Where a webhook may point: https to a public host. Private, loopback, link-local, CGNAT, multicast,
// unspecified, reserved and cloud metadata destinations are refused in every notation an address can be
// written in, so that whoever holds an API token cannot aim signed POSTs at the collector's own network
// (server-side request forgery, https://owasp.org/www-community/attacks/Server_Side_Request_Forgery).

/** Why a destination is refused, as the message shows it. */
type Refusal = 'loopback' | 'private' | 'link-local' | 'shared (CGNAT)' | 'multicast' | 'unspecified' | 'reserved' | 'documentation' | 'cloud metadata';

/** IPv4 ranges that are not public destinations: [first address, prefix length, why]. */
const IPV4_REFUSED: readonly [string, number, Refusal][] = [
  // Cloud metadata services first: the more telling name (AWS/GCP/Azure/OpenStack, Azure's wire server,
  // Oracle Cloud; Alibaba's 100.100.100.200 falls in CGNAT below).
  ['169.254.169.254', 32, 'cloud metadata'],
  ['168.63.129.16', 32, 'cloud metadata'],
  ['192.0.0.192', 32, 'cloud metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Host names that only resolve inside private networks or to this machine (RFC 6761, RFC 8375, ICANN's `.internal`). */
const LOOPBACK_NAMES = ['localhost'];
const PRIVATE_SUFFIXES = ['internal', 'local', 'home.arpa', 'lan', 'corp', 'home', 'intranet'];
/** Public-looking names of metadata services. */
const METADATA_NAMES = new Set(['metadata.goog', 'metadata.google.internal']);

/**
 * Why `raw` may not be a webhook URL, or null when it may. The URL is parsed as `fetch` will parse it (the
 * WHATWG URL parser), so every way of writing an IPv4 address — `2130706433`, `0x7f000001`, `0177.0.0.1`,
 * `127.1`, percent-encoded or fullwidth digits — is judged as the address it becomes, and IPv6 addresses
 * are judged with the IPv4 address they embed (`::ffff:127.0.0.1`, 6to4, NAT64). `allowLocal` (a Worker
 * variable for development, never a site setting) admits plain http to loopback receivers only.
 */
export function webhookUrlProblem(raw: string, allowLocal = false): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry a user name or password: receivers authenticate deliveries by their signature';
  const refusal = hostRefusal(url.hostname);
  const loopback = refusal === 'loopback';
  if (refusal && !(loopback && allowLocal)) return `must point to a public host; ${url.hostname} is ${refusal === 'unspecified' ? 'an' : 'a'} ${refusal} destination`;
  if (url.protocol !== 'https:' && !(loopback && allowLocal)) return 'must be an https URL';
  return null;
}

/** Why a URL's (already normalized) host is not a public destination, or null. */
function hostRefusal(host: string): Refusal | null {
  if (host.startsWith('[')) {
    const groups = parseIPv6(host.slice(1, -1));
    return groups ? ipv6Refusal(groups) : 'reserved';
  }
  const v4 = parseIPv4(host);
  if (v4 !== null) return ipv4Refusal(v4);
  const name = host.replace(/\.+$/, '');
  if (METADATA_NAMES.has(name)) return 'cloud metadata';
  const isUnder = (suffix: string) => name === suffix || name.endsWith(`.${suffix}`);
  if (LOOPBACK_NAMES.some(isUnder)) return 'loopback';
  if (PRIVATE_SUFFIXES.some(isUnder)) return 'private';
  // A single label (`intranet`, `metadata`) is completed by the resolver's search domains: a private name.
  if (!name.includes('.')) return 'private';
  return null;
}

/** A dotted-quad IPv4 address (the form the URL parser gives every IPv4 host) as a 32-bit number. */
function parseIPv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** The refused IPv4 ranges as [network, mask, why]. */
const IPV4_MASKS = IPV4_REFUSED.map(([first, bits, why]) => {
  const mask = (~0 << (32 - bits)) >>> 0;
  return [(parseIPv4(first)! & mask) >>> 0, mask, why] as const;
});

function ipv4Refusal(ip: number): Refusal | null {
  for (const [network, mask, why] of IPV4_MASKS) if (((ip & mask) >>> 0) === network) return why;
  return null;
}

/** An IPv6 address as its eight 16-bit groups (a trailing dotted IPv4 part allowed), or null. */
function parseIPv6(s: string): number[] | null {
  let text = s.toLowerCase();
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIPv4(dotted[2]!);
    if (v4 === null) return null;
    text = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const split = (h: string | undefined) => (h ? h.split(':') : []);
  const head = split(halves[0]);
  const tail = split(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function ipv6Refusal(g: number[]): Refusal | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const embedded = (hi: number, lo: number) => ipv4Refusal(((g[hi]! << 16) | g[lo]!) >>> 0);
  // Through a translator or tunnel the IPv4 address is not this machine's: never the loopback a
  // development receiver may use.
  const tunneled = (hi: number, lo: number) => {
    const why = embedded(hi, lo);
    return why === 'loopback' ? 'reserved' : why;
  };
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d): the IPv4 address is the destination.
  if (zeros(0, 5) && g[5] === 0xffff) return embedded(6, 7) ?? null;
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embedded(6, 7) ?? null;
  // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) reach the IPv4 address too.
  if (zeros(0, 6)) return tunneled(6, 7) ?? 'reserved';
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return tunneled(6, 7);
  if (g[0] === 0xfd00 && g[1] === 0xec2 && zeros(2, 7) && g[7] === 0x254) return 'cloud metadata';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xfe00) === 0xfc00 || (g[0]! & 0xffc0) === 0xfec0) return 'private';
  // 6to4 (2002::/16) carries an IPv4 address in its second and third groups.
  if (g[0] === 0x2002) return tunneled(1, 2);
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'documentation';
  // Teredo (2001::/32) tunnels to an address it hides; everything outside 2000::/3 is not global unicast.
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved';
  if ((g[0]! & 0xe000) !== 0x2000) return 'reserved';
  return null;
}
