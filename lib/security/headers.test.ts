import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `) || d === name);

describe("security headers", () => {
  it("allows scripts only with the response's nonce: no unsafe-inline, no unsafe-eval outside development", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", https: false, dev: false });
    const scripts = directive(csp, "script-src")!;
    expect(scripts).toContain("'nonce-abc123'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'self'");
    expect(contentSecurityPolicy({ nonce: "n", https: false, dev: true })).toContain("'unsafe-eval'");
  });

  it("adds HSTS and upgrade-insecure-requests only when served over HTTPS", () => {
    const plain = securityHeaders({ nonce: "n", https: false, dev: false });
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(plain["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    const tls = securityHeaders({ nonce: "n", https: true, dev: false });
    expect(tls["strict-transport-security"]).toMatch(/^max-age=\d{8}; includeSubDomains$/);
    expect(tls["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(tls).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "strict-origin-when-cross-origin" });
  });

  it("lets forms reach only this origin and the sign-in provider it names", () => {
    const csp = contentSecurityPolicy({ nonce: "n", https: false, dev: false, formTargets: ["https://github.com"] });
    expect(directive(csp, "form-action")).toBe("form-action 'self' https://github.com");
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});
