import { createDecipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "../env";
import { decryptSecrets, encryptSecrets, randomToken, safeEqual, sha256 } from "./secrets";

/** Opens an envelope by hand with a given key, to show the key (not the code path) is what lets it open. */
function openWith(envelope: string, key: Buffer, aad: string) {
  const raw = Buffer.from(envelope.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
}

const values = { token: "vercel-SECRET-123", deployHookUrl: "https://api.vercel.com/v1/integrations/deploy/prj/abc", "ünï": "çødé \u{1F680}" };

describe("secret envelopes", () => {
  it("round-trip with the same key and AAD, and never hold the plaintext", () => {
    const envelope = encryptSecrets(values, "project-1");
    expect(envelope).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain("SECRET");
    expect(Buffer.from(envelope.slice(3), "base64url").toString("latin1")).not.toContain("vercel");
    expect(decryptSecrets(envelope, "project-1")).toEqual(values);
    expect(encryptSecrets(values, "project-1")).not.toBe(envelope); // a fresh IV each time
    expect(decryptSecrets(encryptSecrets({}), "")).toEqual({});
  });

  it("refuse another AAD, another key, a flipped bit, a cut envelope or an unknown version", () => {
    const envelope = encryptSecrets(values, "project-1");
    expect(() => decryptSecrets(envelope, "project-2")).toThrow();
    expect(() => decryptSecrets(envelope)).toThrow();
    const raw = Buffer.from(envelope.slice(3), "base64url");
    for (const at of [0, 12, 28, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[at] ^= 0x01;
      expect(() => decryptSecrets(`v1.${flipped.toString("base64url")}`, "project-1"), `byte ${at}`).toThrow();
    }
    expect(() => decryptSecrets(`v1.${raw.subarray(0, raw.length - 4).toString("base64url")}`, "project-1")).toThrow();
    expect(() => decryptSecrets(`v2.${raw.toString("base64url")}`, "project-1")).toThrow(/version/);
    expect(() => decryptSecrets("v1.", "project-1")).toThrow();

    expect(openWith(envelope, Buffer.from(env.ENCRYPTION_KEY, "base64"), "project-1")).toEqual(values);
    expect(() => openWith(envelope, randomBytes(32), "project-1")).toThrow();
  });

  it("hash and compare tokens", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("same", "same")).toBe(true);
    expect(safeEqual("same", "diff")).toBe(false);
    expect(safeEqual("short", "longer")).toBe(false);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });
});
