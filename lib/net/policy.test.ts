import { describe, expect, it } from "vitest";
import { classifyIp, decide, HOSTED_POLICY, LOCAL_POLICY } from "./policy";
import { parseCidr, parseIp, formatIp } from "./ip";

describe("classifyIp", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.255", "private"],
    ["fd12:3456::1", "private"],
    ["fc00::1", "private"],
    ["::ffff:10.1.2.3", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["::127.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["2001:db8::1", "documentation"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["2606:4700::1111", "public"],
  ])("%s is %s", (ip, kind) => {
    expect(classifyIp(ip)).toBe(kind);
  });

  it("returns null for something that is not an address", () => {
    expect(classifyIp("example.com")).toBeNull();
    expect(classifyIp("1.2.3")).toBeNull();
    expect(classifyIp("127.0.0.1.nip.io")).toBeNull();
  });
});

describe("decide", () => {
  it("lets a local install reach loopback and private ranges, a hosted one neither", () => {
    for (const ip of ["127.0.0.1", "10.0.0.5", "fd00::1"]) {
      expect(decide(ip, LOCAL_POLICY).allowed, ip).toBe(true);
      expect(decide(ip, HOSTED_POLICY).allowed, ip).toBe(false);
    }
    expect(decide("93.184.216.34", HOSTED_POLICY).allowed).toBe(true);
  });

  it("refuses link-local (cloud metadata) under both defaults and explains where to change it", () => {
    for (const policy of [LOCAL_POLICY, HOSTED_POLICY]) {
      const d = decide("169.254.169.254", policy);
      expect(d).toMatchObject({ allowed: false, kind: "link-local" });
      if (!d.allowed) expect(d.reason).toContain("Admin → Network");
    }
    expect(decide("169.254.169.254", { ...HOSTED_POLICY, allowLinkLocal: true }).allowed).toBe(true);
  });

  it("refuses cloud metadata outside 169.254/16 too (Alibaba, AWS over IPv6), even on a local install", () => {
    for (const ip of ["100.100.100.200", "fd00:ec2::254"]) {
      expect(decide(ip, LOCAL_POLICY), ip).toMatchObject({ allowed: false, kind: "link-local" });
    }
    // The rest of the CGNAT range and of fc00::/7 stay private.
    expect(decide("100.100.100.201", LOCAL_POLICY).allowed).toBe(true);
    expect(decide("fd00:ec2::253", LOCAL_POLICY).allowed).toBe(true);
  });

  it("judges 6to4, local-use NAT64 and SIIT forms by the IPv4 address inside, and refuses Teredo", () => {
    for (const ip of ["2002:7f00:1::", "2002:a9fe:a9fe::1", "64:ff9b:1::7f00:1", "::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe"]) {
      expect(decide(ip, HOSTED_POLICY).allowed, ip).toBe(false);
    }
    expect(decide("2002:5db8:d822::1", HOSTED_POLICY).allowed).toBe(true); // 93.184.216.34 inside
    expect(decide("2001:0:4136:e378:8000:63bf:3fff:fdd2", LOCAL_POLICY)).toMatchObject({ allowed: false, kind: "reserved" });
  });

  it("says which kind of address was refused, in a sentence", () => {
    const d = decide("10.0.0.5", HOSTED_POLICY);
    expect(d.allowed).toBe(false);
    if (!d.allowed) {
      expect(d.reason).toBe(
        "This instance does not let workers reach private addresses (10.0.0.5). An instance admin can allow them under Admin → Network.",
      );
    }
  });

  it("judges IPv4-mapped IPv6 as the IPv4 address it reaches", () => {
    expect(decide("::ffff:127.0.0.1", HOSTED_POLICY)).toMatchObject({ allowed: false, address: "127.0.0.1", kind: "loopback" });
  });

  it("lets explicit CIDRs win over the switches, but never over the always-refused kinds", () => {
    const policy = { ...HOSTED_POLICY, allowedCidrs: ["10.0.5.0/24", "127.0.0.2/32", "0.0.0.0/0"] };
    expect(decide("10.0.5.7", { ...HOSTED_POLICY, allowedCidrs: ["10.0.5.0/24"] }).allowed).toBe(true);
    expect(decide("10.0.6.7", { ...HOSTED_POLICY, allowedCidrs: ["10.0.5.0/24"] }).allowed).toBe(false);
    expect(decide("127.0.0.2", { ...HOSTED_POLICY, allowedCidrs: ["127.0.0.2/32"] }).allowed).toBe(true);
    expect(decide("127.0.0.1", { ...HOSTED_POLICY, allowedCidrs: ["127.0.0.2/32"] }).allowed).toBe(false);
    for (const ip of ["0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::"]) {
      expect(decide(ip, { ...policy, allowedCidrs: ["0.0.0.0/0", "::/0"] }).allowed, ip).toBe(false);
    }
  });

  it("refuses anything that is not an IP address", () => {
    expect(decide("localhost", LOCAL_POLICY)).toMatchObject({ allowed: false, kind: "invalid" });
  });
});

describe("parseCidr", () => {
  it("accepts ranges and bare addresses, normalised", () => {
    expect(parseCidr("10.0.0.0/8")).toMatchObject({ ok: true, cidr: { text: "10.0.0.0/8" } });
    expect(parseCidr("169.254.169.254")).toMatchObject({ ok: true, cidr: { text: "169.254.169.254/32" } });
    expect(parseCidr("FD00::/8")).toMatchObject({ ok: true, cidr: { text: "fd00::/8" } });
    expect(parseCidr("2001:db8:0:0:1:0:0:1/128")).toMatchObject({ ok: true, cidr: { text: "2001:db8::1:0:0:1/128" } });
  });

  it.each([
    ["10.0.0.5/24", "did you mean 10.0.0.0/24?"],
    ["10.0.0.0/33", "over 32"],
    ["fd00::/129", "over 128"],
    ["10.0.0/8", "IP address or CIDR"],
    ["example.com/32", "IP address or CIDR"],
    ["10.0.0.0/8 ", undefined],
    ["", "IP address or CIDR"],
    ["10.0.0.0/-1", "IP address or CIDR"],
    ["fe80::1%eth0/64", "IP address or CIDR"],
  ])("%j → %s", (text, message) => {
    const parsed = parseCidr(text);
    if (message === undefined) expect(parsed.ok).toBe(true);
    else expect(parsed.ok ? "accepted" : parsed.message).toContain(message);
  });

  it("round-trips addresses through parseIp and formatIp", () => {
    for (const ip of ["1.2.3.4", "::1", "fe80::1", "2001:db8::", "1:2:3:4:5:6:7:8"]) expect(formatIp(parseIp(ip)!)).toBe(ip);
  });
});
