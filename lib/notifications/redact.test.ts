import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact";

describe("redactUrl", () => {
  const slack = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx";
  const discord = "https://discord.com/api/webhooks/123456789012345678/Zx9-token_part_abcdefghijklmnopqrstuvwxyz0123456789";

  it("turns the whole URL into its origin", () => {
    expect(redactUrl(`redirected to ${slack} twice`, slack)).toBe("redirected to https://hooks.slack.com twice");
  });

  it("removes the path and each token-like part quoted on its own", () => {
    const text = `said: unknown webhook /api/webhooks/123456789012345678/Zx9-token_part_abcdefghijklmnopqrstuvwxyz0123456789 (id 123456789012345678)`;
    const out = redactUrl(text, discord);
    expect(out).not.toContain("123456789012345678");
    expect(out).not.toContain("Zx9-token");
    expect(redactUrl("token abcdefghijklmnopqrstuvwx is invalid", slack)).toBe("token [redacted] is invalid");
  });

  it("removes query secrets and user info of generic webhooks, and leaves ordinary words alone", () => {
    const url = "https://bob:s3cr3t-pass@hooks.example.test/in?key=k-9f8e7d6c5b4a";
    expect(redactUrl("key k-9f8e7d6c5b4a, password s3cr3t-pass, over HTTP 500", url)).toBe("key [redacted], password [redacted], over HTTP 500");
    expect(redactUrl("Slack services are down", slack)).toBe("Slack services are down");
  });
});
