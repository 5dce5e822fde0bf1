import { z } from "zod";

// Accessibility settings (the engine is lib/qa/engines/a11y.ts), apart from it so the web can check them without
// loading axe or Playwright.

export const IMPACTS = ["critical", "serious", "moderate", "minor"] as const;
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "section508", "EN-301-549", "ACT", "experimental"] as const;
export const DEFAULT_TAGS: (typeof AXE_TAGS)[number][] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const path = z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters");
const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an ISO date such as 2026-06-30" });

const suppression = z.object({
  rule: z.string().regex(/^[a-z0-9-]+$/, "must be an axe rule id such as color-contrast"),
  selector: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters").optional(),
  reason: z.string().trim().min(3, "must say why in at least 3 characters").max(500, "must be at most 500 characters"),
  expiresAt: isoDate,
});

export const a11ySettings = z.object({
  pages: z
    .object({
      source: z.enum(["sitemap", "crawl", "list"], { error: 'must be "sitemap", "crawl" or "list"' }).default("sitemap"),
      paths: z.array(path).min(1, "must list at least one path").max(50, "must list at most 50 paths").optional(),
      maxPages: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(10),
    })
    .refine((p) => p.source !== "list" || p.paths, { message: 'must list paths when source is "list"', path: ["paths"] })
    .prefault({}),
  tags: z.array(z.enum(AXE_TAGS, { error: `must be one of ${AXE_TAGS.join(", ")}` })).min(1, "must name at least one tag").default(DEFAULT_TAGS),
  failOn: z.array(z.enum(IMPACTS, { error: `must be one of ${IMPACTS.join(", ")}` })).default(["critical", "serious"]),
  suppressions: z.array(suppression).max(200, "must be at most 200").default([]),
});
export type TA11ySettings = z.infer<typeof a11ySettings>;
