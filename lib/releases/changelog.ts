// Changelogs from Conventional Commits 1.0.0, versions by SemVer 2.0.0, Markdown by Keep a Changelog 1.1.0.

export type Commit = { hash: string; message: string; author?: string | null };
export type ChangeKind = "breaking" | "feature" | "fix" | "other";
export type Change = { kind: ChangeKind; type: string | null; scope: string | null; description: string; hash: string; author: string | null };
export type GroupedChanges = Record<ChangeKind, Change[]>;

const HEADER = /^([A-Za-z][A-Za-z0-9-]*)(?:\(([^()]*[^()\s][^()]*)\))?(!)?: (.*\S.*)$/;
const MERGE = /^Merge (pull request|branch|remote-tracking branch|tag) /;
// The spec requires BREAKING CHANGE to be uppercase, unlike every other token.
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE: ?(.*)$/;
const FOOTER_TOKEN = /^(?:BREAKING[ -]CHANGE|[A-Za-z0-9-]+)(?:: | #)/;

function breakingFooter(bodyLines: string[]): string | null {
  const start = bodyLines.findIndex((line) => BREAKING_FOOTER.test(line));
  if (start === -1) return null;
  const parts = [BREAKING_FOOTER.exec(bodyLines[start])![1]];
  // A footer value runs on over following lines until the next footer token.
  for (const line of bodyLines.slice(start + 1)) {
    if (FOOTER_TOKEN.test(line)) break;
    parts.push(line);
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

export function parseCommit(commit: Commit): Change {
  const lines = commit.message.replace(/^\s+/, "").split(/\r?\n/);
  const firstLine = lines[0].trim();
  const base = { hash: commit.hash, author: commit.author ?? null };
  const match = MERGE.test(firstLine) ? null : HEADER.exec(firstLine);
  if (!match) return { ...base, kind: "other", type: null, scope: null, description: firstLine };

  const [, rawType, rawScope, bang, rawDescription] = match;
  const type = rawType.toLowerCase();
  const scope = rawScope?.trim() ?? null;
  const description = rawDescription.trim();
  const footer = breakingFooter(lines.slice(1));
  if (bang || footer !== null) return { ...base, kind: "breaking", type, scope, description: footer || description };
  const kind: ChangeKind = type === "feat" ? "feature" : type === "fix" ? "fix" : "other";
  return { ...base, kind, type, scope, description };
}

export function groupChanges(commits: Commit[]): GroupedChanges {
  const groups: GroupedChanges = { breaking: [], feature: [], fix: [], other: [] };
  for (const commit of commits) {
    const change = parseCommit(commit);
    groups[change.kind].push(change);
  }
  return groups;
}

export type SemVer = { major: number; minor: number; patch: number; prerelease: string[]; build: string[] };

const NUMERIC = "0|[1-9]\\d*";
const PRE_ID = `(?:${NUMERIC}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

export function parseSemver(version: string): SemVer | null {
  const match = SEMVER.exec(version);
  if (!match) return null;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: match[4]?.split(".") ?? [], build: match[5]?.split(".") ?? [] };
}

export function formatSemver(v: SemVer): string {
  const pre = v.prerelease.length ? `-${v.prerelease.join(".")}` : "";
  const build = v.build.length ? `+${v.build.join(".")}` : "";
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}

function mustParse(version: string): SemVer {
  const parsed = parseSemver(version);
  if (!parsed) throw new RangeError(`Not a SemVer 2.0.0 version: "${version}"`);
  return parsed;
}

function compareIdentifiers(a: string, b: string): number {
  const aNum = /^\d+$/.test(a);
  const bNum = /^\d+$/.test(b);
  if (aNum && bNum) {
    // Without leading zeros, a longer digit string is a larger number; this stays exact past 2^53.
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  } else if (aNum !== bNum) {
    return aNum ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareSemver(a: string, b: string): number {
  const x = mustParse(a);
  const y = mustParse(b);
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core !== 0) return Math.sign(core);
  if (!x.prerelease.length || !y.prerelease.length) return Number(!x.prerelease.length) - Number(!y.prerelease.length);
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i++) {
    const order = compareIdentifiers(x.prerelease[i], y.prerelease[i]);
    if (order !== 0) return order;
  }
  return Math.sign(x.prerelease.length - y.prerelease.length);
}

type Bump = "major" | "minor" | "patch";
const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// The level a version stands for relative to its predecessor: 2.0.0 is a major, 1.3.0 a minor, 1.2.4 a patch.
function impliedBump(v: SemVer): Bump {
  return v.patch > 0 ? "patch" : v.minor > 0 || v.major === 0 ? "minor" : "major";
}

function applyBump(v: SemVer, bump: Bump): string {
  if (bump === "major") return `${v.major + 1}.0.0`;
  if (bump === "minor") return `${v.major}.${v.minor + 1}.0`;
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

export function suggestNextVersion(
  previous: string | null,
  commits: Commit[],
  options: { initialVersion?: string } = {},
): { version: string; bump: Bump; reason: string } {
  if (previous === null) {
    const initial = mustParse(options.initialVersion ?? "0.1.0");
    const version = formatSemver(initial);
    return { version, bump: impliedBump(initial), reason: `No previous release: starting at ${version}` };
  }
  const prev = mustParse(previous);
  const { breaking, feature, fix } = groupChanges(commits);
  let bump: Bump;
  let reason: string;
  if (breaking.length && prev.major === 0) {
    bump = "minor";
    reason = `${plural(breaking.length, "breaking change")}: minor version while in 0.y.z initial development`;
  } else if (breaking.length) {
    bump = "major";
    reason = `${plural(breaking.length, "breaking change")}: major version`;
  } else if (feature.length) {
    bump = "minor";
    reason = `${plural(feature.length, "feature")}, no breaking change: minor version`;
  } else {
    bump = "patch";
    reason = fix.length ? `${plural(fix.length, "fix")}, no feature or breaking change: patch version` : "No feature, fix or breaking change: patch version";
  }
  if (prev.prerelease.length) {
    const released = `${prev.major}.${prev.minor}.${prev.patch}`;
    const covered = impliedBump(prev);
    // A prerelease already carries its bump; only changes beyond it (a feature after 1.2.3-rc.1) move further.
    if (RANK[bump] <= RANK[covered]) {
      return { version: released, bump: covered, reason: `${reason}; releasing prerelease ${previous} as ${released}` };
    }
    return { version: applyBump({ ...prev, prerelease: [] }, bump), bump, reason: `${reason}, beyond prerelease ${previous}` };
  }
  return { version: applyBump(prev, bump), bump, reason };
}

export type ReleaseForChangelog = { version: string; date: string; title?: string | null; notes?: string | null; changes: GroupedChanges };

// User text keeps its inline Markdown but must stay on one line and not open a heading, quote or list.
function inline(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat
    .replace(/^([-*_])(?=(?:\s*\1){2,}$)/, "\\$1")
    .replace(/^(#|>|[-+*](?= |$))/, "\\$1")
    .replace(/^(\d+)([.)])(?= |$)/, "$1\\$2");
}

function renderItem(change: Change): string {
  const scope = change.scope ? `**${inline(change.scope)}:** ` : "";
  const hash = change.hash.trim() ? ` (${change.hash.trim().slice(0, 7)})` : "";
  return `- ${scope}${inline(change.description)}${hash}`;
}

const SECTIONS: [ChangeKind, string][] = [
  ["breaking", "Breaking changes"],
  ["feature", "Added"],
  ["fix", "Fixed"],
  ["other", "Changed"],
];

export function renderRelease(release: ReleaseForChangelog): string {
  mustParse(release.version);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(release.date)) throw new RangeError(`Not a YYYY-MM-DD date: "${release.date}"`);
  const blocks = [`## [${release.version}] - ${release.date}`];
  if (release.title?.trim()) blocks.push(inline(release.title));
  if (release.notes?.trim()) blocks.push(inline(release.notes));
  for (const [kind, heading] of SECTIONS) {
    const changes = release.changes[kind];
    if (changes.length) blocks.push(`### ${heading}\n\n${changes.map(renderItem).join("\n")}`);
  }
  return `${blocks.join("\n\n")}\n`;
}

export function renderChangelog(projectName: string, releases: ReleaseForChangelog[]): string {
  const intro =
    `All notable changes to ${inline(projectName)} are documented in this file. ` +
    "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), " +
    "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).";
  const ordered = [...releases].sort((a, b) => compareSemver(b.version, a.version));
  return ["# Changelog", intro, ...ordered.map((release) => renderRelease(release).trimEnd())].join("\n\n") + "\n";
}
