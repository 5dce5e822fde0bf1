import { z } from "zod";
import { parseSemver } from "./changelog";

const hash = z.string().regex(/^[0-9a-f]{7,40}$/i, "must be a git commit hash (7 to 40 hexadecimal characters)");
// Text people read back in the UI and in CHANGELOG.md: no control characters besides newlines and tabs.
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

export const ZCommit = z
  .object({
    hash,
    message: z.string().trim().min(1, "is required").max(10_000, "must be at most 10,000 characters").refine(noControl, "must not contain control characters"),
    author: z.string().trim().max(200, "must be at most 200 characters").nullish(),
  })
  .strict();

export const ZVersion = z
  .string()
  .trim()
  .max(100, "must be at most 100 characters")
  .refine((v) => parseSemver(v) !== null, "must be a semantic version such as 1.4.0 or 2.0.0-rc.1 (no leading v)");

const ZCommits = z.array(ZCommit).max(2000, "must list at most 2,000 commits").default([]);

export const ZReleaseCreate = z
  .object({
    version: ZVersion.optional().describe("omit to take the version T-Minus suggests from the commits"),
    title: z.string().trim().max(120, "must be at most 120 characters").refine(noControl, "must not contain control characters").default(""),
    notes: z.string().max(20_000, "must be at most 20,000 characters").refine(noControl, "must not contain control characters").default(""),
    gitRef: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").regex(/^[^\s~^:?*[\\]+$/, "must be a git ref such as v1.4.0 or main").optional(),
    commitSha: hash.optional(),
    commits: ZCommits,
  })
  .strict();
export type TReleaseCreate = z.infer<typeof ZReleaseCreate>;

// The version and the commits are what the release is; the ref, commit and words around them can be corrected.
// Approvals given for the release before the change are void (lib/deployments).
export const ZReleaseUpdate = z
  .object({
    title: ZReleaseCreate.shape.title.unwrap(),
    notes: ZReleaseCreate.shape.notes.unwrap(),
    gitRef: ZReleaseCreate.shape.gitRef.unwrap().nullable(),
    commitSha: hash.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");

export const ZReleasePreviewInput = z.object({ commits: ZCommits }).strict();

const ZChange = z.object({
  kind: z.enum(["breaking", "feature", "fix", "other"]),
  type: z.string().nullable(),
  scope: z.string().nullable(),
  description: z.string(),
  hash: z.string(),
  author: z.string().nullable(),
});
export const ZChanges = z.object({ breaking: z.array(ZChange), feature: z.array(ZChange), fix: z.array(ZChange), other: z.array(ZChange) });

export const ZSuggestion = z.object({
  version: z.string(),
  bump: z.enum(["major", "minor", "patch"]),
  reason: z.string(),
  previous: z.string().nullable().describe("the highest version released so far"),
});

export const ZRelease = z.object({
  id: z.string(),
  projectId: z.string(),
  version: z.string(),
  title: z.string(),
  notes: z.string(),
  gitRef: z.string().nullable(),
  commitSha: z.string().nullable(),
  commitCount: z.number().int(),
  changes: ZChanges,
  changelog: z.string().describe("this release as Keep a Changelog Markdown"),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TRelease = z.infer<typeof ZRelease>;

export const ZReleasePreview = z.object({ suggestion: ZSuggestion, changes: ZChanges, changelog: z.string() });
