import { cidr, formatIp, inCidr, parseCidr, parseIp, type Cidr, type Ip } from "./ip";

export type NetworkPolicy = {
  allowLoopback: boolean;
  allowPrivate: boolean;
  allowLinkLocal: boolean;
  /** Explicit exceptions, allowed whatever the switches say (never the always-refused kinds). */
  allowedCidrs: string[];
};

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "documentation";

// Order matters: the first matching range names the kind (broadcast before reserved 240/4).
const RANGES: [AddressKind, Cidr][] = [
  ["unspecified", cidr("0.0.0.0/8")],
  ["loopback", cidr("127.0.0.0/8")],
  ["private", cidr("10.0.0.0/8")],
  ["private", cidr("172.16.0.0/12")],
  ["private", cidr("192.168.0.0/16")],
  // Cloud metadata outside 169.254/16 (Alibaba here, AWS over IPv6 below) is refused with link-local.
  ["link-local", cidr("100.100.100.200/32")],
  ["private", cidr("100.64.0.0/10")],
  ["link-local", cidr("169.254.0.0/16")],
  ["reserved", cidr("192.0.0.0/24")],
  ["documentation", cidr("192.0.2.0/24")],
  ["reserved", cidr("198.18.0.0/15")],
  ["documentation", cidr("198.51.100.0/24")],
  ["documentation", cidr("203.0.113.0/24")],
  ["multicast", cidr("224.0.0.0/4")],
  ["broadcast", cidr("255.255.255.255/32")],
  ["reserved", cidr("240.0.0.0/4")],
  ["unspecified", cidr("::/128")],
  ["loopback", cidr("::1/128")],
  ["reserved", cidr("::/96")], // IPv4-compatible addresses, deprecated
  ["link-local", cidr("fd00:ec2::254/128")],
  // Teredo tunnels hide the address they reach; refuse rather than guess.
  ["reserved", cidr("2001::/32")],
  ["private", cidr("fc00::/7")],
  ["link-local", cidr("fe80::/10")],
  ["reserved", cidr("fec0::/10")], // site-local, deprecated
  ["multicast", cidr("ff00::/8")],
  ["documentation", cidr("2001:db8::/32")],
];

// Forms that carry an IPv4 address inside an IPv6 one (NAT64 well-known and local-use, SIIT) and 6to4 (2002:V4::/48).
const EMBEDS_LAST_32 = [cidr("64:ff9b::/96"), cidr("64:ff9b:1::/48"), cidr("::ffff:0:0:0/96")];
const SIX_TO_FOUR = cidr("2002::/16");

/** The address a connection would really reach: IPv4-mapped, NAT64, SIIT and 6to4 forms are judged as their IPv4 address. */
function effective(ip: Ip): Ip {
  if (EMBEDS_LAST_32.some((range) => inCidr(ip, range))) return { family: 4, value: ip.value & 0xffffffffn };
  if (inCidr(ip, SIX_TO_FOUR)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return ip;
}

export function classifyIp(address: string): AddressKind | null {
  const parsed = parseIp(address);
  if (!parsed) return null;
  const ip = effective(parsed);
  return RANGES.find(([, range]) => inCidr(ip, range))?.[0] ?? "public";
}

const ALWAYS_REFUSED: Partial<Record<AddressKind, string>> = {
  unspecified: "it is the unspecified address, which reaches this machine itself",
  multicast: "it is a multicast address",
  broadcast: "it is the broadcast address",
  reserved: "it is in a reserved range",
  documentation: "it is in a range reserved for documentation",
};

const SWITCHED: Partial<Record<AddressKind, { key: keyof NetworkPolicy; label: string }>> = {
  loopback: { key: "allowLoopback", label: "loopback addresses" },
  private: { key: "allowPrivate", label: "private addresses" },
  "link-local": { key: "allowLinkLocal", label: "link-local addresses such as cloud metadata" },
};

export type Decision =
  | { allowed: true; address: string; kind: AddressKind }
  | { allowed: false; address: string; kind: AddressKind | "invalid"; reason: string };

/** Whether a worker may connect to this address under the policy; the reason is a sentence for people. */
export function decide(address: string, policy: NetworkPolicy): Decision {
  const parsed = parseIp(address);
  if (!parsed) return { allowed: false, address, kind: "invalid", reason: `"${address}" is not an IP address.` };
  const ip = effective(parsed);
  const shown = formatIp(parsed);
  const kind = classifyIp(shown)!;
  const never = ALWAYS_REFUSED[kind];
  if (never) return { allowed: false, address: shown, kind, reason: `Workers never connect to ${shown}: ${never}.` };
  for (const text of policy.allowedCidrs) {
    const parsedCidr = parseCidr(text);
    if (parsedCidr.ok && inCidr(ip, parsedCidr.cidr)) return { allowed: true, address: shown, kind };
  }
  const rule = SWITCHED[kind];
  if (rule && !policy[rule.key]) {
    return {
      allowed: false,
      address: shown,
      kind,
      reason: `This instance does not let workers reach ${rule.label} (${shown}). An instance admin can allow them under Admin → Network.`,
    };
  }
  return { allowed: true, address: shown, kind };
}

export const LOCAL_POLICY: NetworkPolicy = { allowLoopback: true, allowPrivate: true, allowLinkLocal: false, allowedCidrs: [] };
export const HOSTED_POLICY: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowLinkLocal: false, allowedCidrs: [] };
