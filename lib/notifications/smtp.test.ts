import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../env";
import { GuardedFetchError } from "../net/errors";
import { judgeSmtpError, scrubber } from "./smtp";
import { smtpServer } from "./smtp-config";

const scrub = scrubber(["bob@example.com", "Ann@Example.org"], { user: "tminus-mailer", pass: "hunter2-pass" });
const judge = (error: unknown) => judgeSmtpError(error, "mail.example.com:587", scrub);
const smtpError = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? "failed")), props);

describe("SMTP settings", () => {
  it("read SMTP_URL with default ports and percent-encoded credentials", () => {
    expect(smtpServer("smtp://mailer:p%40ss%3Aword@mail.example.com")).toEqual({ host: "mail.example.com", port: 587, secure: false, user: "mailer", pass: "p@ss:word" });
    expect(smtpServer("smtps://mail.example.com")).toEqual({ host: "mail.example.com", port: 465, secure: true, user: "", pass: "" });
    expect(smtpServer("smtp://[::1]:2525")).toMatchObject({ host: "::1", port: 2525 });
    expect(smtpServer("")).toBeNull();
  });

  it("are validated at start-up: SMTP_FROM goes with SMTP_URL, and only smtp(s) URLs are taken", () => {
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    expect(parseEnv({ SMTP_URL: "smtp://u:p@mail.example.com:587", SMTP_FROM: "T-Minus <tminus@example.com>" }).SMTP_FROM).toBe("T-Minus <tminus@example.com>");
    expect(parseEnv({ SMTP_URL: "smtps://mail.example.com", SMTP_FROM: "tminus@example.com" }).SMTP_URL).toBe("smtps://mail.example.com");
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com" })).toThrow(EnvError);
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com" })).toThrow("SMTP_FROM: is required when SMTP_URL is set");
    expect(() => parseEnv({ SMTP_URL: "https://mail.example.com", SMTP_FROM: "a@example.com" })).toThrow("SMTP_URL: must be an smtp:// or smtps:// URL");
    expect(() => parseEnv({ SMTP_URL: "smtp://m.example.com", SMTP_FROM: "T-Minus" })).toThrow("SMTP_FROM: must be an address");
    // The message names the variable, never its value (which holds the password).
    expect(() => parseEnv({ SMTP_URL: "smtp://u:secret-pw@", SMTP_FROM: "a@example.com" })).toThrow(/^(?![\s\S]*secret-pw)[\s\S]*SMTP_URL/);
  });
});

describe("judgeSmtpError", () => {
  it("ends the delivery on a 5xx reply, naming what was refused, without the addresses", () => {
    const refused = judge(smtpError({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 <bob@example.com>: no such user" }));
    expect(refused).toEqual({ ok: false, retry: false, error: "The mail server at mail.example.com:587 refused the recipients (550 5.1.1 <[recipient]>: no such user); check the channel's addresses." });
    expect(judge(smtpError({ code: "EMESSAGE", responseCode: 554, response: "554 5.7.1 Message rejected as spam" }))).toEqual({
      ok: false,
      retry: false,
      error: "The mail server at mail.example.com:587 refused the message (554 5.7.1 Message rejected as spam).",
    });
  });

  it("retries a 4xx reply and network failures", () => {
    expect(judge(smtpError({ code: "EMESSAGE", responseCode: 451, response: "451 4.3.0 Try again later" }))).toEqual({
      ok: false,
      retry: true,
      error: "The mail server at mail.example.com:587 asked to try the message again later (451 4.3.0 Try again later).",
    });
    expect(judge(smtpError({ code: "ETIMEDOUT", message: "Greeting never received" }))).toMatchObject({ retry: true, error: "The mail server at mail.example.com:587 did not answer in time (Greeting never received)." });
    expect(judge(smtpError({ code: "ESOCKET", message: "self-signed certificate" }))).toMatchObject({ retry: true, error: expect.stringMatching(/^The TLS connection to the mail server at mail\.example\.com:587 failed \(self-signed certificate\)/) });
    expect(judge(new GuardedFetchError("ECONNREFUSED", "Nothing answers at mail.example.com:587 — is the server running?", "http://mail.example.com:587/"))).toEqual({
      ok: false,
      retry: true,
      error: "Nothing answers at mail.example.com:587 — is the server running? (ECONNREFUSED)",
    });
  });

  it("ends the delivery when the network policy refuses the host, with the policy's sentence", () => {
    const sentence = "This instance does not let workers reach private addresses (10.0.0.5). An instance admin can allow them under Admin → Network.";
    expect(judge(new GuardedFetchError("refused_by_policy", sentence, "http://10.0.0.5:587/", "10.0.0.5"))).toEqual({ ok: false, retry: false, error: sentence });
  });

  it("blames the login on SMTP_URL, never quoting the user or password", () => {
    const login = judge(smtpError({ code: "EAUTH", responseCode: 535, response: "535 5.7.8 tminus-mailer: bad password hunter2-pass" }));
    expect(login).toEqual({
      ok: false,
      retry: false,
      error: "The mail server at mail.example.com:587 refused T-Minus's login (535 5.7.8 [redacted]: bad password [redacted]); an instance admin must check the user and password in SMTP_URL.",
    });
    expect(scrub("RCPT for ann@example.ORG\r\n failed")).toBe("RCPT for [recipient] failed");
  });
});
