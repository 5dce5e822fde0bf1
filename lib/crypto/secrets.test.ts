import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const KEY_A = randomBytes(32).toString("base64");
const KEY_B = randomBytes(32).toString("base64");

/** The module as a process started with this ENCRYPTION_KEY would load it. */
async function withKey(key: string) {
  vi.resetModules();
  process.env.ENCRYPTION_KEY = key;
  return import("./secrets");
}
afterEach(() => {
  delete process.env.ENCRYPTION_KEY;
});

const values = { token: "vercel-SECRET-123", deployHookUrl: "https://api.vercel.com/v1/integrations/deploy/prj/abc", "ünï": "çødé \u{1F680}" };

describe("secret envelopes", () => {
  it("round-trip with the same key and AAD, and never hold the plaintext", async () => {
    const { encryptSecrets, decryptSecrets } = await withKey(KEY_A);
    const envelope = encryptSecrets(values, "project-1");
    expect(envelope).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain("SECRET");
    expect(Buffer.from(envelope.slice(3), "base64url").toString("latin1")).not.toContain("vercel");
    expect(decryptSecrets(envelope, "project-1")).toEqual(values);
    expect(encryptSecrets(values, "project-1")).not.toBe(envelope); // a fresh IV each time
    expect(decryptSecrets(encryptSecrets({}), "")).toEqual({});
  });

  it("refuse another AAD, another key, a flipped bit, a cut envelope or an unknown version", async () => {
    const a = await withKey(KEY_A);
    const envelope = a.encryptSecrets(values, "project-1");
    expect(() => a.decryptSecrets(envelope, "project-2")).toThrow();
    expect(() => a.decryptSecrets(envelope)).toThrow();
    const raw = Buffer.from(envelope.slice(3), "base64url");
    for (const at of [0, 12, 28, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[at] ^= 0x01;
      expect(() => a.decryptSecrets(`v1.${flipped.toString("base64url")}`, "project-1"), `byte ${at}`).toThrow();
    }
    expect(() => a.decryptSecrets(`v1.${raw.subarray(0, raw.length - 4).toString("base64url")}`, "project-1")).toThrow();
    expect(() => a.decryptSecrets(`v2.${raw.toString("base64url")}`, "project-1")).toThrow(/version/);
    expect(() => a.decryptSecrets("v1.", "project-1")).toThrow();

    const b = await withKey(KEY_B);
    expect(() => b.decryptSecrets(envelope, "project-1")).toThrow();
    const again = await withKey(KEY_A);
    expect(again.decryptSecrets(envelope, "project-1")).toEqual(values);
  });

  it("hash and compare tokens", async () => {
    const { sha256, safeEqual, randomToken } = await withKey(KEY_A);
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("same", "same")).toBe(true);
    expect(safeEqual("same", "diff")).toBe(false);
    expect(safeEqual("short", "longer")).toBe(false);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });
});
