import { z } from "zod";
import { db } from "../../db";
import type { BindingSource } from "../bindings";
import { openPrompts } from "../../markdown/render";
import { ago, projectSlug, restOf } from "./shared";

// Runbook facts: a page (by its key, e.g. "maintenance") exists, has no template prompts left to fill in, and someone
// marked it reviewed within the last N days. A page nobody has looked at in a quarter is not an SOP anyone should trust.

export const ZRunbookPageBinding = z.object({
  page: z.string({ error: "must be a runbook page key" }).trim().min(1, { error: "is required" }).max(60, { error: "must be at most 60 characters" }),
  reviewedWithinDays: z.coerce.number({ error: "must be a number of days" }).int({ error: "must be a whole number of days" }).min(1, { error: "must be at least 1" }).max(730, { error: "must be at most 730" }).default(90),
});
export type TRunbookPageBinding = z.infer<typeof ZRunbookPageBinding>;

const DAY = 86_400_000;

export const runbookPageSource: BindingSource<TRunbookPageBinding> = {
  kind: "runbook_page",
  label: "Runbook page reviewed",
  description: "A runbook page exists, has no template prompts left, and was marked reviewed within the last N days.",
  params: [
    { name: "page", description: "the page's key, e.g. maintenance", required: true },
    { name: "reviewedWithinDays", description: "how recent the review must be (default 90)", required: false },
  ],
  schema: ZRunbookPageBinding,
  // The page may be written after the item is made: the binding names a key, not a row, and reads "missing" until then.
  resolve: async (_tx, _projectId, raw) => restOf(raw) as TRunbookPageBinding,
  describe: async (tx, projectId, p) => {
    const page = await tx.runbookPage.findUnique({ where: { projectId_key: { projectId, key: p.page } }, select: { title: true } });
    return `Runbook "${page?.title ?? p.page}" reviewed within ${p.reviewedWithinDays} days`;
  },
  async evaluate(projectId, p, now) {
    const [page, slug] = await Promise.all([
      db.runbookPage.findUnique({ where: { projectId_key: { projectId, key: p.page } }, select: { title: true, body: true, reviewedAt: true } }),
      projectSlug(projectId),
    ]);
    const href = `/projects/${slug}/runbooks/${p.page}`;
    if (!page) return { ok: false, summary: `No runbook page "${p.page}" yet: write it under Runbooks`, href: `/projects/${slug}/runbooks` };
    const left = openPrompts(page.body).length;
    if (left) return { ok: false, summary: `"${page.title}" has ${left} template prompt${left === 1 ? "" : "s"} left to fill in`, href };
    if (!page.reviewedAt) return { ok: false, summary: `"${page.title}" has never been marked reviewed`, href };
    const age = now.getTime() - page.reviewedAt.getTime();
    if (age > p.reviewedWithinDays * DAY) return { ok: false, summary: `"${page.title}" was last reviewed ${ago(page.reviewedAt, now)}; due every ${p.reviewedWithinDays} days`, href };
    return { ok: true, summary: `"${page.title}" reviewed ${ago(page.reviewedAt, now)}`, href };
  },
};
