import { zipSync, strToU8, type Zippable } from "fflate";
import { authorize, type Ctx } from "../auth/context";
import { hasMermaid, mermaidSources } from "../markdown/render";
import { gatherHandoff, type HandoffData } from "./gather";
import { handoffHtml } from "./html";
import { handoffMarkdownFiles } from "./markdown";
import { printPdf, renderDiagrams } from "./pdf";

// The one-click handoff pack: Markdown files, one printable HTML page and its PDF, in one zip. Everything in it is
// readable by viewers (runbooks, roadmap, checklists, monitoring), which is why "handoff.export" is open to every role;
// nothing secret is gathered in the first place (lib/handoff/gather.ts).

/** Every piece of Markdown the team wrote that the page renders: where a ```mermaid block can be. */
function userMarkdown(data: HandoffData): string[] {
  return [
    ...data.runbooks.map((p) => p.body),
    ...data.roadmap.map((r) => r.notes),
    ...data.launches.flatMap((l) => [
      ...l.items.map((i) => i.description),
      ...Object.values(l.extras).flatMap((x) => [...x.evidence.map((e) => e.text), ...x.comments.map((c) => c.body)]),
    ]),
    ...data.feedback.top.map((f) => f.body),
  ];
}

async function diagramsFor(data: HandoffData): Promise<Map<string, string> | undefined> {
  const sources = userMarkdown(data).filter(hasMermaid).flatMap(mermaidSources);
  // Chromium is started for diagrams only when a page has one.
  return sources.length ? renderDiagrams(sources) : undefined;
}

const packName = (data: HandoffData) => `${data.project.slug.replace(/[^A-Za-z0-9_-]+/g, "-")}-handoff-${data.generatedAt.slice(0, 10)}`;

export async function buildHandoffPack({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<{ filename: string; zip: Uint8Array; html: string }> {
  await authorize(ctx, input.projectId, "handoff.export");
  const data = await gatherHandoff(input.projectId);
  const html = await handoffHtml(data, { diagrams: await diagramsFor(data) });
  const pdf = await printPdf(html);
  const folder = packName(data);
  const files: Zippable = {};
  for (const f of handoffMarkdownFiles(data)) files[`${folder}/${f.path}`] = strToU8(f.content);
  files[`${folder}/handoff.html`] = strToU8(html);
  // A PDF is compressed already; storing it saves the time of deflating it again.
  files[`${folder}/handoff.pdf`] = [pdf, { level: 0 }];
  const mtime = new Date(data.generatedAt);
  return { filename: `${folder}.zip`, zip: zipSync(files, { level: 6, mtime }), html };
}

/** The same page for the browser (print from there); diagrams drawn the same way as in the pack. */
export async function buildHandoffHtml({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<string> {
  await authorize(ctx, input.projectId, "handoff.export");
  const data = await gatherHandoff(input.projectId);
  return handoffHtml(data, { diagrams: await diagramsFor(data) });
}

/** What the pack would hold right now, for the Handoff page's contents and "before you hand over" list. */
export async function previewHandoff({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<HandoffData> {
  await authorize(ctx, input.projectId, "handoff.export");
  return gatherHandoff(input.projectId);
}
