import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { discordCommandDefinition, discordPublicKey, verifyDiscordRequest } from "@/lib/feedback/discord";
import { commandErrors, messageErrors } from "@/tests/helpers/fake-discord";

// Real Ed25519 keys; the public key travels as Discord's portal shows it: 64 hex digits (the SPKI DER minus its prefix).
const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { hex: publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex"), privateKey };
};

describe("verifyDiscordRequest", () => {
  const app = pair();
  const key = discordPublicKey(app.hex);
  const body = Buffer.from('{"type":1,"id":"1"}');
  const now = 1_760_000_000_000;
  const ts = String(now / 1000);
  const signature = sign(null, Buffer.concat([Buffer.from(ts), body]), app.privateKey).toString("hex");

  it("accepts Ed25519 over timestamp + body by the application's key", () => {
    expect(app.hex).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyDiscordRequest({ key, signature, timestamp: ts, body, now })).toEqual({ ok: true });
    expect(verifyDiscordRequest({ key, signature: signature.toUpperCase(), timestamp: ts, body, now })).toEqual({ ok: true });
  });

  it("refuses another key, another body, another timestamp, missing or malformed headers", () => {
    const other = discordPublicKey(pair().hex);
    expect(verifyDiscordRequest({ key: other, signature, timestamp: ts, body, now })).toMatchObject({ ok: false, message: expect.stringMatching(/does not match/) });
    expect(verifyDiscordRequest({ key, signature, timestamp: ts, body: Buffer.from('{"type":2,"id":"1"}'), now })).toMatchObject({ ok: false });
    expect(verifyDiscordRequest({ key, signature, timestamp: String(Number(ts) + 1), body, now })).toMatchObject({ ok: false });
    expect(verifyDiscordRequest({ key, signature: null, timestamp: ts, body, now })).toMatchObject({ ok: false, message: expect.stringMatching(/required/) });
    expect(verifyDiscordRequest({ key, signature, timestamp: null, body, now })).toMatchObject({ ok: false });
    expect(verifyDiscordRequest({ key, signature: signature.slice(2), timestamp: ts, body, now })).toMatchObject({ ok: false, message: expect.stringMatching(/128/) });
    expect(verifyDiscordRequest({ key, signature, timestamp: "1.5e9", body, now })).toMatchObject({ ok: false, message: expect.stringMatching(/unix time/) });
  });

  it("refuses a correctly signed request more than 5 minutes from now (a replay), either way", () => {
    expect(verifyDiscordRequest({ key, signature, timestamp: ts, body, now: now + 300_000 })).toEqual({ ok: true });
    expect(verifyDiscordRequest({ key, signature, timestamp: ts, body, now: now + 301_000 })).toMatchObject({ ok: false, message: expect.stringMatching(/5 minutes/) });
    expect(verifyDiscordRequest({ key, signature, timestamp: ts, body, now: now - 301_000 })).toMatchObject({ ok: false });
  });

  it("reads only 64-hex-digit public keys", () => {
    expect(() => discordPublicKey("ab".repeat(31))).toThrow(/64 hexadecimal/);
    expect(() => discordPublicKey("zz".repeat(32))).toThrow();
  });
});

describe("the /feedback command and the fake Discord's validators", () => {
  it("is a command Discord accepts: names, descriptions, required options first, choices, lengths", () => {
    expect(commandErrors([discordCommandDefinition])).toEqual({});
    expect(discordCommandDefinition.options.map((o) => [o.name, o.required])).toEqual([["type", true], ["title", true], ["details", false]]);
    expect(discordCommandDefinition.options[0].choices.map((c) => c.value)).toEqual(["bug", "idea", "question", "praise"]);
    expect(discordCommandDefinition.options[1]).toMatchObject({ max_length: 200 });
  });

  it("the validators refuse what Discord refuses, so their acceptance means something", () => {
    const misordered = { ...discordCommandDefinition, options: [discordCommandDefinition.options[2], discordCommandDefinition.options[1]] };
    expect(commandErrors([misordered])).toEqual({ "0": { options: { "1": { required: expect.anything() } } } });
    expect(commandErrors([{ ...discordCommandDefinition, name: "Feedback" }])).toHaveProperty("0.name");
    expect(commandErrors([{ ...discordCommandDefinition, description: "" }])).toHaveProperty("0.description");
    expect(commandErrors(discordCommandDefinition)).toHaveProperty("_errors");

    expect(messageErrors({ content: "ok", embeds: [{ title: "t", description: "d", fields: [{ name: "n", value: "v" }] }] })).toEqual({});
    expect(messageErrors({ content: "x".repeat(2001) })).toHaveProperty("content._errors.0.code", "BASE_TYPE_MAX_LENGTH");
    expect(messageErrors({ embeds: [{ title: "x".repeat(257) }] })).toHaveProperty("embeds.0.title");
    expect(messageErrors({ embeds: [{ description: "x".repeat(4097) }] })).toHaveProperty("embeds.0.description");
    expect(messageErrors({ embeds: Array.from({ length: 11 }, () => ({ title: "t" })) })).toHaveProperty("embeds._errors");
    expect(messageErrors({ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }] })).toHaveProperty("embeds.0.fields");
    expect(messageErrors({ embeds: [{ fields: [{ name: "n", value: "v".repeat(1025) }] }] })).toHaveProperty("embeds.0.fields.0.value");
    const sixThousandOne = [{ description: "x".repeat(4000) }, { description: "x".repeat(2001) }];
    expect(messageErrors({ embeds: sixThousandOne })).toHaveProperty("embeds._errors.0.code", "MESSAGE_EMBED_TOO_LARGE");
  });
});
