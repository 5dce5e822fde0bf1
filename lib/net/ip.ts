import { isIPv4, isIPv6 } from "node:net";

// IP addresses as (family, 128-bit or 32-bit integer), so ranges and CIDRs compare with plain arithmetic.
export type Ip = { family: 4 | 6; value: bigint };

const v4ToBig = (ip: string) => ip.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);

function v6ToBig(ip: string): bigint {
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v = v4ToBig(tail[1]);
    text = text.slice(0, -tail[1].length) + `${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses an address (a v6 zone such as %eth0 is dropped); IPv4-mapped v6 (::ffff:a.b.c.d) becomes plain v4. */
export function parseIp(input: string): Ip | null {
  const text = input.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(text)) return { family: 4, value: v4ToBig(text) };
  if (!isIPv6(text)) return null;
  const value = v6ToBig(text.toLowerCase());
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((ip.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let len = 0;
    while (i + len < 8 && groups[i + len] === "0") len++;
    if (len > best.len) best = { at: i, len };
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}

export type Cidr = { family: 4 | 6; base: bigint; bits: number; text: string };

const widthOf = (family: 4 | 6) => (family === 4 ? 32 : 128);
const maskOf = (family: 4 | 6, bits: number) => {
  const width = BigInt(widthOf(family));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(bits))) - 1n);
};

/** Strict CIDR parsing: "10.0.0.0/8" or "fd00::/8"; a bare address counts as /32 or /128; host bits must be zero. */
export function parseCidr(input: string): { ok: true; cidr: Cidr } | { ok: false; message: string } {
  const text = input.trim();
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text);
  const ip = m && !m[1].includes("%") ? parseIp(m[1]) : null;
  if (!m || !ip || (m[1].includes(":") && !isIPv6(m[1]))) {
    return { ok: false, message: "must be an IP address or CIDR range, such as 10.0.5.0/24 or fd00::/8" };
  }
  const width = widthOf(ip.family);
  const bits = m[2] === undefined ? width : Number(m[2]);
  if (bits > width) return { ok: false, message: `has a prefix length over ${width}; an IPv${ip.family} range ends in /0 to /${width}` };
  const base = ip.value & maskOf(ip.family, bits);
  if (base !== ip.value) {
    return { ok: false, message: `has bits set after the /${bits} prefix; did you mean ${formatIp({ family: ip.family, value: base })}/${bits}?` };
  }
  return { ok: true, cidr: { family: ip.family, base, bits, text: `${formatIp(ip)}/${bits}` } };
}

export function inCidr(ip: Ip, cidr: Pick<Cidr, "family" | "base" | "bits">): boolean {
  return ip.family === cidr.family && (ip.value & maskOf(ip.family, cidr.bits)) === cidr.base;
}

/** For fixed tables of ranges written in code; throws on a typo. */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.cidr;
}
