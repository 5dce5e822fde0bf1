import { describe, expect, it } from "vitest";
import { escapeHtml, renderEmail, SUBJECT_MAX } from "./email-format";
import type { RenderContext } from "./formats";
import type { NotificationData } from "./schemas";

const ctx: RenderContext = { event: "incident.opened", project: { id: "p1", name: "Shop", slug: "shop" }, sentAt: new Date("2030-01-02T03:04:05Z") };
const data: NotificationData = {
  title: "production is down",
  text: "3 checks in a row failed:\nHTTP 503 from /health",
  url: "https://tminus.example.test/projects/shop/incidents/i1?tab=timeline&x=1",
  severity: "danger",
  fields: [
    { name: "Target", value: "production" },
    { name: "Since", value: "03:01 UTC" },
  ],
};

describe("renderEmail", () => {
  it("makes the subject the title prefixed with the project, on one line", () => {
    expect(renderEmail(data, ctx).subject).toBe("[Shop] production is down");
    expect(renderEmail({ ...data, title: "two\r\nlines\tand  tabs" }, ctx).subject).toBe("[Shop] two lines and tabs");
    const long = renderEmail({ ...data, title: "x".repeat(400) }, ctx).subject;
    expect(long).toHaveLength(SUBJECT_MAX);
    expect(long.endsWith("…")).toBe(true);
  });

  it("writes a plain-text body with the title, text, fields, link and where it came from", () => {
    expect(renderEmail(data, ctx).text).toBe(
      [
        "production is down",
        "",
        "3 checks in a row failed:\nHTTP 503 from /health",
        "",
        "Target: production\nSince: 03:01 UTC",
        "",
        `Open in T-Minus: ${data.url}`,
        "",
        "-- \nSent by T-Minus for the project Shop (incident.opened).",
      ].join("\n"),
    );
    expect(renderEmail({ title: "Test", text: "", severity: "info" }, ctx).text).toBe("Test\n\n-- \nSent by T-Minus for the project Shop (incident.opened).");
  });

  it("writes the same as HTML with everything from people escaped", () => {
    const html = renderEmail(
      { ...data, title: `<img src=x onerror="alert(1)">`, text: "a & b < c", fields: [{ name: "<b>", value: `"quoted" 'single'` }] },
      { ...ctx, project: { ...ctx.project, name: "Shop <script>" } },
    ).html;
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain("<h1 style=\"margin:0 0 12px;font-size:18px\">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h1>");
    expect(html).toContain(">a &amp; b &lt; c</p>");
    expect(html).toContain(">&lt;b&gt;</th><td");
    expect(html).toContain(">&quot;quoted&quot; &#39;single&#39;</td>");
    expect(html).toContain(`<a href="https://tminus.example.test/projects/shop/incidents/i1?tab=timeline&amp;x=1"`);
    expect(html).toContain("Sent by T-Minus for the project Shop &lt;script&gt; (incident.opened).");
  });

  it("leaves out what a notification does not have", () => {
    const html = renderEmail({ title: "Test", text: " ", severity: "info" }, ctx).html;
    expect(html).not.toContain("<table");
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("white-space:pre-wrap\"> </p>");
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
