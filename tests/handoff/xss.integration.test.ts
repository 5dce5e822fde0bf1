import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { buildHandoffHtml } from "@/lib/handoff/pack";
import { printPdf } from "@/lib/handoff/pdf";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";

// Hostile text in every place the pack renders the team's Markdown or plain text. The page is loaded WITHOUT its CSP,
// so what is proven is the escaping and the Markdown sanitising themselves, not the policy that backs them up.

const PAYLOADS = [
  "<script>window.__x=1</script>",
  '<img src=x onerror="window.__x=1">',
  "[a](javascript:window.__x=1)",
  "[b](JaVaScRiPt&#58;window.__x=1)",
  "<svg onload=window.__x=1><circle r=5 /></svg>",
  '<a href="javascript:window.__x=1">c</a>',
  "<iframe src=\"javascript:window.__x=1\"></iframe>",
  "```mermaid\ngraph TD\n  A[\"<img src=x onerror=window.__x=1>\"] --> B\n  click A call alert()\n  click B href \"javascript:window.__x=1\"\n```",
  "```mermaid\nnot a diagram ((( <script>window.__x=1</script>\n```",
].join("\n\n");
const TITLE = '"><script>window.__x=1</script><img src=x onerror=window.__x=1>';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND"] });
});
afterAll(async () => {
  await browser?.close();
});

async function hostileProject() {
  const { project, users } = await projectWithRoles();
  const projectId = project.id;
  await db.project.update({ where: { id: projectId }, data: { name: `${TITLE} ${uid()}`, description: PAYLOADS } });
  const launch = await db.launch.create({ data: { projectId, name: TITLE, createdBy: TITLE } });
  const item = await db.checklistItem.create({
    data: { launchId: launch.id, projectId, number: 1, position: 0, section: TITLE, title: TITLE, description: PAYLOADS, status: "waived", waivedBy: TITLE, waiverReason: TITLE, waiverExpiresAt: new Date(Date.now() + 86_400_000) },
  });
  await db.checklistComment.create({ data: { itemId: item.id, author: TITLE, body: PAYLOADS } });
  await db.checklistEvidence.create({ data: { itemId: item.id, kind: "link", url: "javascript:window.__x=1", text: PAYLOADS, addedBy: TITLE } });
  await db.checklistEvidence.create({ data: { itemId: item.id, kind: "note", text: PAYLOADS, addedBy: TITLE } });
  await db.runbookPage.create({ data: { projectId, key: `x-${uid()}`, title: TITLE, body: PAYLOADS, ownerId: users.admin.id } });
  await db.roadmapItem.create({ data: { projectId, kind: "known_issue", title: TITLE, notes: PAYLOADS, targetRelease: TITLE } });
  await db.feedbackItem.create({ data: { projectId, number: 1, type: "bug", severity: "critical", title: TITLE, body: PAYLOADS, source: "team", labels: [TITLE] } });
  await db.target.create({ data: { projectId, name: TITLE, environment: TITLE, baseUrl: "javascript:window.__x=1", lockedAt: new Date(), lockedReason: TITLE, lockedBy: TITLE } });
  return { projectId, ctx: userCtx(users.viewer) };
}

describe("the handoff page with hostile content", () => {
  it("runs no script, has no handler or script element and no javascript: link, even without its CSP; and prints", async () => {
    const { projectId, ctx } = await hostileProject();
    const html = await buildHandoffHtml({ ctx, input: { projectId } });
    expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
    const bare = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
    expect(bare).not.toContain("Content-Security-Policy");
    // The diagram that parses is drawn; the one that does not keeps its source text with a note.
    expect(html).toMatch(/<figure class="md-mermaid" data-mermaid=""><svg /);
    expect(html).toContain("it could not be drawn");

    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.route("**/*", (route) => route.abort());
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(bare, { waitUntil: "load" });
    // Give onerror/onload handlers (if any had survived) the chance to fire.
    await page.waitForTimeout(300);
    await page.hover("body").catch(() => undefined);
    const found = await page.evaluate(`(() => {
      const all = [...document.querySelectorAll("*")];
      return {
        x: typeof window.__x,
        scripts: document.querySelectorAll("script").length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith("on")).map((a) => el.localName + " " + a.name)),
        jsLinks: all.flatMap((el) => [...el.attributes].filter((a) => /^\\s*javascript:/i.test(a.value.replace(/[\\u0000-\\u0020]/g, ""))).map((a) => el.localName + " " + a.name)),
        frames: document.querySelectorAll("iframe, object, embed").length,
        svgCount: document.querySelectorAll("svg").length,
      };
    })()`);
    expect(found).toMatchObject({ x: "undefined", scripts: 0, handlers: [], jsLinks: [], frames: 0 });
    expect(dialogs).toEqual([]);
    // Hostile text is shown as text.
    expect(await page.textContent("body")).toContain("<script>window.__x=1</script>");
    await context.close();

    const pdf = await printPdf(html);
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
  }, 120_000);
});
