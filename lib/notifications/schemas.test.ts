import { describe, expect, it } from "vitest";
import { NOTIFICATION_EVENTS, NOTIFICATION_EVENT_DESCRIPTIONS, ZChannelCreate, ZChannelUpdate } from "./schemas";

const valid = { name: "Releases", format: "slack", url: "https://hooks.slack.com/services/T0/B0/secret", events: ["deployment.failed"] };
const pathsOf = (input: unknown) => {
  const r = ZChannelCreate.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

describe("notification channel schemas", () => {
  it("describe every event in one line", () => {
    for (const e of NOTIFICATION_EVENTS) expect(NOTIFICATION_EVENT_DESCRIPTIONS[e]).toMatch(/^[^\n]{10,120}$/);
  });

  it("accept a channel, enabled by default, with duplicate events folded", () => {
    expect(ZChannelCreate.parse({ ...valid, events: ["deployment.failed", "deployment.failed"] })).toEqual({ ...valid, enabled: true });
    expect(ZChannelCreate.parse({ ...valid, events: ["*"] }).events).toEqual(["*"]);
  });

  it.each([
    [{ ...valid, name: " " }, "name"],
    [{ ...valid, format: "teams" }, "format"],
    [{ ...valid, url: "ftp://hooks.example.test/x" }, "url"],
    [{ ...valid, url: `https://example.test/${"a".repeat(2000)}` }, "url"],
    [{ ...valid, events: [] }, "events"],
    [{ ...valid, events: ["deployment.exploded"] }, "events.0"],
    [{ ...valid, events: ["*", "deployment.failed"] }, "events"],
  ])("refuse %j at %s", (input, path) => expect(pathsOf(input)).toEqual([path]));

  it("keep updates partial and refuse an empty one", () => {
    expect(ZChannelUpdate.parse({ enabled: false })).toEqual({ enabled: false });
    expect(ZChannelUpdate.safeParse({}).success).toBe(false);
  });
});
