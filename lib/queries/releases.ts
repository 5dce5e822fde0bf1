import type { TRelease } from "@/lib/releases/schemas";
import { API, api } from "./api";

export type { TRelease };
export type ChangeKind = "breaking" | "feature" | "fix" | "other";
export type TChange = TRelease["changes"][ChangeKind][number];
export type TChanges = TRelease["changes"];
export type TReleasePreview = { suggestion: { version: string; bump: "major" | "minor" | "patch"; reason: string; previous: string | null }; changes: TChanges; changelog: string };
export type CommitInput = { hash: string; message: string };
export type ReleaseCreateBody = { version?: string; title?: string; notes?: string; commits: CommitInput[] };

export const releaseKeys = { list: (projectId: string) => ["projects", projectId, "releases"] as const };

const base = (projectId: string) => `/projects/${projectId}/releases`;
export const fetchReleases = (projectId: string) => api<TRelease[]>(base(projectId));
export const previewRelease = (projectId: string, commits: CommitInput[]) => api<TReleasePreview>(`${base(projectId)}/preview`, { method: "POST", body: { commits } });
export const createRelease = (projectId: string, body: ReleaseCreateBody) => api<TRelease>(base(projectId), { method: "POST", body });
/** A plain download link: the route answers with Content-Disposition: attachment. */
export const changelogUrl = (projectId: string) => `${API}${base(projectId)}/changelog.md`;

/** Keep a Changelog's section names, in its order. */
export const SECTIONS: [ChangeKind, string][] = [
  ["breaking", "Breaking changes"],
  ["feature", "Added"],
  ["fix", "Fixed"],
  ["other", "Changed"],
];

const HASH = /^[0-9a-f]{7,40}$/i;

/**
 * One commit per line, "<hash> <message>" (the output of `git log --format='%h %s'`); blank lines are skipped.
 * `lines[i]` is the 1-based line of commit i, so an API issue at commits.i can name the line too.
 */
export function parseCommitLines(text: string): { commits: CommitInput[]; lines: number[]; error: null } | { commits: null; lines: null; error: string } {
  const commits: CommitInput[] = [];
  const lines: number[] = [];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i].trim();
    if (!row) continue;
    const space = row.search(/\s/);
    const hash = space === -1 ? row : row.slice(0, space);
    const message = space === -1 ? "" : row.slice(space).trim();
    if (!HASH.test(hash)) {
      const shown = hash.length > 20 ? `${hash.slice(0, 20)}…` : hash;
      return { commits: null, lines: null, error: `Line ${i + 1} starts with "${shown}", which is not a commit hash (7 to 40 characters 0-9 and a-f). Write each line as <hash> <message>.` };
    }
    if (!message) return { commits: null, lines: null, error: `Line ${i + 1} has the hash ${hash} but no message after it. Write each line as <hash> <message>.` };
    commits.push({ hash, message });
    lines.push(i + 1);
  }
  return { commits, lines, error: null };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
export const countLabels = (c: TChanges) => ({
  breaking: plural(c.breaking.length, "breaking", "breaking"),
  feature: plural(c.feature.length, "feature", "features"),
  fix: plural(c.fix.length, "fix", "fixes"),
  other: plural(c.other.length, "other", "other"),
});

/** Who created a release, for people: "token:ci" and "system:seed" are API tokens and T-Minus itself. */
export function creatorLabel(createdBy: string) {
  if (createdBy.startsWith("token:")) return `API token ${createdBy.slice(6)}`;
  if (createdBy.startsWith("system:")) return `T-Minus (${createdBy.slice(7)})`;
  return createdBy;
}
