import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env";

// AES-256-GCM envelope: "<version>." + base64url(iv[12] | tag[16] | ciphertext). v2 binds the secrets to one target
// (AAD = project id + target id); v1 (AAD = project id alone) is still read and is rewritten as v2 on the next write.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_BODY_BYTES = 2; // the smallest JSON object, "{}"

export type SecretBinding = { projectId: string; targetId: string };

const aadFor = (version: string, binding: SecretBinding) =>
  version === "v1" ? binding.projectId : `target:${binding.projectId}/${binding.targetId}`;

function key(): Buffer {
  return Buffer.from(env.ENCRYPTION_KEY, "base64");
}

export function encryptSecrets(values: Record<string, string>, binding: SecretBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aadFor("v2", binding)));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), "utf8"), cipher.final()]);
  return `v2.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

export const envelopeVersion = (envelope: string) => envelope.split(".")[0];

export function decryptSecrets(envelope: string, binding: SecretBinding): Record<string, string> {
  const [version, body, ...rest] = envelope.split(".");
  if ((version !== "v1" && version !== "v2") || !body || rest.length) throw new Error("Unknown secret envelope version");
  const raw = Buffer.from(body, "base64url");
  // A cut envelope would otherwise be checked against a shorter (forgeable) tag.
  if (raw.length < IV_BYTES + TAG_BYTES + MIN_BODY_BYTES) throw new Error("Secret envelope is too short");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aadFor(version, binding)));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8"));
}

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
