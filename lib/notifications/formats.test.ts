import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS, SLACK_LIMITS, renderDiscord, renderJson, renderSlack, truncate, type RenderContext } from "./formats";
import type { NotificationData } from "./schemas";

const ctx: RenderContext = { event: "deployment.failed", project: { id: "p1", name: "Shop", slug: "shop" }, sentAt: new Date("2030-01-02T03:04:05Z") };
const data: NotificationData = {
  title: "Deploy of v1.2.3 to production failed",
  text: "Health check answered HTTP 500",
  url: "https://tminus.example.test/projects/shop/deployments/d1",
  severity: "danger",
  fields: [
    { name: "Target", value: "production" },
    { name: "Release", value: "v1.2.3" },
  ],
};

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] };
type Embed = { title: string; description?: string; url?: string; color: number; fields?: { name: string; value: string }[]; footer: { text: string } };
const embedChars = (e: Embed) =>
  e.title.length + (e.description?.length ?? 0) + e.footer.text.length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe("truncate", () => {
  it("keeps short text, cuts long text to the limit with an ellipsis, and never splits an emoji", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("abcdef", 4)).toBe("abc…");
    const cut = truncate("ab😀😀", 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe("ab…");
  });
});

describe("Slack incoming-webhook body", () => {
  it("has a plain-text fallback, a header, the text, the fields and a context line with the link", () => {
    const body = renderSlack(data, ctx);
    expect(body.text).toBe("Deploy of v1.2.3 to production failed — Health check answered HTTP 500");
    const blocks = body.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect(blocks[0].text!.text).toBe("🚨 Deploy of v1.2.3 to production failed");
    expect(blocks[2].fields!.map((f) => f.text)).toEqual(["*Target*\nproduction", "*Release*\nv1.2.3"]);
    expect(blocks[3].elements![0].text).toBe(`*Shop* · deployment.failed · <${data.url}|Open in T-Minus>`);
  });

  it("escapes markup so text from people cannot ping the channel or forge links", () => {
    const body = renderSlack({ ...data, text: "<!channel> see <https://evil.test|here> & more" }, ctx);
    expect((body.blocks as Block[])[1].text!.text).toBe("&lt;!channel&gt; see &lt;https://evil.test|here&gt; &amp; more");
  });

  it("stays within Block Kit limits for oversized input", () => {
    const huge: NotificationData = {
      title: "T".repeat(500),
      text: "x".repeat(10_000),
      severity: "info",
      fields: Array.from({ length: 14 }, (_, i) => ({ name: `f${i}`, value: "v".repeat(5000) })),
    };
    const blocks = renderSlack(huge, ctx).blocks as Block[];
    expect(blocks[0].text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    expect(blocks[1].text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blocks[2].fields).toHaveLength(SLACK_LIMITS.fields);
    for (const f of blocks[2].fields!) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect(blocks[3].elements![0].text).toContain("4 more fields not shown");
    expect(renderSlack(huge, ctx).text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
  });

  it("leaves out the text section when there is no text", () => {
    expect((renderSlack({ title: "Locked", text: " ", severity: "warning" }, ctx).blocks as Block[]).map((b) => b.type)).toEqual(["header", "context"]);
  });
});

describe("Discord execute-webhook body", () => {
  it("has short content and one embed with title, description, link, colour by severity, fields and footer", () => {
    const body = renderDiscord(data, ctx);
    expect(body.content).toBe("🚨 Deploy of v1.2.3 to production failed");
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]).toEqual({
      title: data.title,
      description: data.text,
      url: data.url,
      color: 0xef4444,
      fields: [
        { name: "Target", value: "production", inline: true },
        { name: "Release", value: "v1.2.3", inline: true },
      ],
      footer: { text: "Shop · deployment.failed" },
      timestamp: "2030-01-02T03:04:05.000Z",
    });
    expect(renderDiscord({ ...data, severity: "success" }, ctx).embeds[0].color).toBe(0x22c55e);
  });

  it("respects every embed limit, the 6000-character total included", () => {
    const huge: NotificationData = {
      title: "T".repeat(1000),
      text: "x".repeat(10_000),
      severity: "warning",
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`.repeat(200), value: "v".repeat(5000) })),
    };
    const body = renderDiscord(huge, ctx);
    const embed = body.embeds[0] as Embed;
    expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(embed.title.length).toBe(DISCORD_LIMITS.title);
    expect(embed.title.endsWith("…")).toBe(true);
    expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields!.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(embedChars(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embed.description!.length).toBeGreaterThan(0);
  });

  it("never sends an empty field name or value, which Discord refuses", () => {
    const embed = renderDiscord({ ...data, fields: [{ name: "", value: "  " }] }, ctx).embeds[0] as Embed;
    expect(embed.fields).toEqual([{ name: "—", value: "—", inline: true }]);
  });
});

describe("generic JSON body", () => {
  it("carries the event, project and data as they are", () => {
    expect(renderJson(data, ctx)).toEqual({
      event: "deployment.failed",
      project: { id: "p1", name: "Shop", slug: "shop" },
      title: data.title,
      text: data.text,
      url: data.url,
      severity: "danger",
      fields: data.fields,
      sentAt: "2030-01-02T03:04:05.000Z",
    });
    expect(renderJson({ title: "t", text: "", severity: "info" }, ctx)).toMatchObject({ url: null, fields: [] });
  });
});
