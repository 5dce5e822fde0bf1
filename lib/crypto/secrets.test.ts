import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "../env";
import { decryptSecrets, encryptSecrets, envelopeVersion, randomToken, safeEqual, sha256 } from "./secrets";

const KEY = () => Buffer.from(env.ENCRYPTION_KEY, "base64");

/** Opens an envelope by hand with a given key, to show the key (not the code path) is what lets it open. */
function openWith(envelope: string, key: Buffer, aad: string) {
  const raw = Buffer.from(envelope.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
}

/** A v1 envelope as earlier releases wrote it: AAD = project id alone. */
function sealV1(values: Record<string, string>, projectId: string, tagLength = 16) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY(), iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(projectId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), "utf8"), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

const values = { token: "vercel-SECRET-123", deployHookUrl: "https://api.vercel.com/v1/integrations/deploy/prj/abc", "ünï": "çødé \u{1F680}" };
const here = { projectId: "project-1", targetId: "target-1" };

describe("secret envelopes", () => {
  it("round-trip with the same key and binding, and never hold the plaintext", () => {
    const envelope = encryptSecrets(values, here);
    expect(envelope).toMatch(/^v2\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain("SECRET");
    expect(Buffer.from(envelope.slice(3), "base64url").toString("latin1")).not.toContain("vercel");
    expect(decryptSecrets(envelope, here)).toEqual(values);
    expect(encryptSecrets(values, here)).not.toBe(envelope); // a fresh IV each time
    expect(decryptSecrets(encryptSecrets({}, here), here)).toEqual({});
  });

  it("refuse another project, another target of the same project, another key, a flipped bit, a cut envelope or an unknown version", () => {
    const envelope = encryptSecrets(values, here);
    expect(() => decryptSecrets(envelope, { ...here, projectId: "project-2" })).toThrow();
    expect(() => decryptSecrets(envelope, { ...here, targetId: "target-2" })).toThrow();
    expect(() => decryptSecrets(`v1.${envelope.slice(3)}`, here)).toThrow();
    const raw = Buffer.from(envelope.slice(3), "base64url");
    for (const at of [0, 12, 28, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[at] ^= 0x01;
      expect(() => decryptSecrets(`v2.${flipped.toString("base64url")}`, here), `byte ${at}`).toThrow();
    }
    expect(() => decryptSecrets(`v2.${raw.subarray(0, raw.length - 4).toString("base64url")}`, here)).toThrow();
    expect(() => decryptSecrets(`v3.${raw.toString("base64url")}`, here)).toThrow(/version/);
    expect(() => decryptSecrets("v2.", here)).toThrow();

    expect(openWith(envelope, KEY(), `target:${here.projectId}/${here.targetId}`)).toEqual(values);
    expect(() => openWith(envelope, randomBytes(32), `target:${here.projectId}/${here.targetId}`)).toThrow();
  });

  it("still open v1 envelopes (project-bound) so stored rows keep working until they are rewritten", () => {
    const { iv, tag, ciphertext } = sealV1(values, here.projectId);
    const v1 = `v1.${Buffer.concat([iv, tag, ciphertext]).toString("base64url")}`;
    expect(envelopeVersion(v1)).toBe("v1");
    expect(decryptSecrets(v1, here)).toEqual(values);
    expect(() => decryptSecrets(v1, { ...here, projectId: "project-2" })).toThrow();
  });

  it("require the full 16-byte tag: an envelope sealed with a short tag, or too short to hold one, is refused", () => {
    // A 4-byte tag is what GCM would otherwise accept, and it can be forged by trying 2^32 values.
    const short = sealV1(values, here.projectId, 4);
    const envelope = `v1.${Buffer.concat([short.iv, short.tag, short.ciphertext]).toString("base64url")}`;
    expect(() => decryptSecrets(envelope, here)).toThrow();
    const tiny = sealV1({}, here.projectId, 4);
    expect(() => decryptSecrets(`v1.${Buffer.concat([tiny.iv, tiny.tag, tiny.ciphertext]).toString("base64url")}`, here)).toThrow(/too short/);
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
