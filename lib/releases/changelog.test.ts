import { describe, expect, it } from "vitest";
import {
  compareSemver,
  formatSemver,
  groupChanges,
  parseCommit,
  parseSemver,
  renderChangelog,
  renderRelease,
  suggestNextVersion,
  type Commit,
  type GroupedChanges,
} from "./changelog";

const commit = (message: string, hash = "abcdef0123456789"): Commit => ({ hash, message });
const commits = (...messages: string[]): Commit[] => messages.map((m, i) => commit(m, `${i}`.padStart(7, "0")));

describe("parseCommit", () => {
  it("reads type, scope and description from a header", () => {
    expect(parseCommit({ hash: "h1", message: "feat(api): add release endpoint\n\nbody text", author: "ada" })).toEqual({
      kind: "feature",
      type: "feat",
      scope: "api",
      description: "add release endpoint",
      hash: "h1",
      author: "ada",
    });
    expect(parseCommit(commit("fix: handle empty list  "))).toMatchObject({ kind: "fix", type: "fix", scope: null, description: "handle empty list", author: null });
  });

  it("treats the type case-insensitively", () => {
    expect(parseCommit(commit("Fix: crash on start"))).toMatchObject({ kind: "fix", type: "fix" });
    expect(parseCommit(commit("FEAT(ui): dark mode"))).toMatchObject({ kind: "feature", type: "feat", scope: "ui" });
  });

  it("maps other types to other", () => {
    for (const type of ["chore", "docs", "refactor"]) {
      expect(parseCommit(commit(`${type}(deps): tidy up`))).toMatchObject({ kind: "other", type, scope: "deps", description: "tidy up" });
    }
  });

  it("marks ! in the header as breaking", () => {
    expect(parseCommit(commit("feat(api)!: drop v0"))).toMatchObject({ kind: "breaking", type: "feat", scope: "api", description: "drop v0" });
    expect(parseCommit(commit("refactor!: rename config keys"))).toMatchObject({ kind: "breaking", type: "refactor" });
  });

  it("marks a BREAKING CHANGE footer as breaking and uses its text", () => {
    const message = "feat(auth): new sessions\n\nReworks the session store.\n\nBREAKING CHANGE: sessions from 1.x are\n  invalidated on upgrade\nRefs: #42";
    expect(parseCommit(commit(message))).toMatchObject({ kind: "breaking", scope: "auth", description: "sessions from 1.x are invalidated on upgrade" });
    expect(parseCommit(commit("fix: x\n\nBREAKING-CHANGE: env var renamed"))).toMatchObject({ kind: "breaking", description: "env var renamed" });
    expect(parseCommit(commit("fix!: y\n\nBREAKING CHANGE:"))).toMatchObject({ kind: "breaking", description: "y" });
  });

  it("requires the BREAKING CHANGE token in uppercase, as the spec does", () => {
    expect(parseCommit(commit("fix: z\n\nbreaking change: not a footer"))).toMatchObject({ kind: "fix", description: "z" });
  });

  it("keeps non-conventional messages as other with their first line", () => {
    expect(parseCommit(commit("  Update README\n\nMore words"))).toMatchObject({ kind: "other", type: null, scope: null, description: "Update README" });
    expect(parseCommit(commit("feat:missing space"))).toMatchObject({ kind: "other", type: null, description: "feat:missing space" });
    expect(parseCommit(commit("feat(): empty scope"))).toMatchObject({ kind: "other", type: null });
    expect(parseCommit(commit("fix:   "))).toMatchObject({ kind: "other", type: null });
  });

  it("keeps merge commits as other, even with a breaking footer", () => {
    expect(parseCommit(commit("Merge pull request #12 from acme/feat-x\n\nfeat: x"))).toMatchObject({
      kind: "other",
      type: null,
      description: "Merge pull request #12 from acme/feat-x",
    });
    expect(parseCommit(commit("Merge branch 'main' into dev\n\nBREAKING CHANGE: no"))).toMatchObject({ kind: "other", type: null });
  });
});

describe("groupChanges", () => {
  it("groups by kind and keeps input order", () => {
    const grouped = groupChanges(commits("fix: a", "feat: b", "chore: c", "fix: d", "feat!: e", "feat: f"));
    expect(grouped.fix.map((c) => c.description)).toEqual(["a", "d"]);
    expect(grouped.feature.map((c) => c.description)).toEqual(["b", "f"]);
    expect(grouped.breaking.map((c) => c.description)).toEqual(["e"]);
    expect(grouped.other.map((c) => c.description)).toEqual(["c"]);
    expect(groupChanges([])).toEqual({ breaking: [], feature: [], fix: [], other: [] });
  });
});

describe("parseSemver / formatSemver", () => {
  it("parses and round-trips valid versions", () => {
    expect(parseSemver("1.2.3-rc.1+build.5")).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ["rc", "1"], build: ["build", "5"] });
    for (const v of ["0.0.0", "10.20.30", "1.0.0-alpha", "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.0.0+001", "1.0.0-alpha+exp.sha.5114f85"]) {
      expect(formatSemver(parseSemver(v)!)).toBe(v);
    }
  });

  it("rejects invalid versions", () => {
    for (const v of ["01.2.3", "1.02.3", "1.2", "v1.2.3", "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-a..b", "1.2.3-a_b", " 1.2.3", "1.2.3.4", ""]) {
      expect(parseSemver(v), v).toBeNull();
    }
  });
});

describe("compareSemver", () => {
  it("orders prereleases by SemVer 2.0.0 precedence", () => {
    const ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareSemver(ordered[i], ordered[i + 1]), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareSemver(ordered[i + 1], ordered[i])).toBe(1);
    }
    expect([...ordered].reverse().sort(compareSemver)).toEqual(ordered);
  });

  it("compares core numbers numerically and ignores build metadata", () => {
    expect(compareSemver("1.9.0", "1.10.0")).toBe(-1);
    expect(compareSemver("2.0.0", "1.99.99")).toBe(1);
    expect(compareSemver("1.0.0+a", "1.0.0+b")).toBe(0);
    expect(compareSemver("1.0.0-1", "1.0.0-a")).toBe(-1);
    expect(compareSemver("1.0.0-99999999999999999999", "1.0.0-100000000000000000000")).toBe(-1);
  });

  it("throws on invalid versions", () => {
    expect(() => compareSemver("v1.0.0", "1.0.0")).toThrow(RangeError);
    expect(() => compareSemver("1.0.0", "1.0")).toThrow(/1\.0/);
  });
});

describe("suggestNextVersion", () => {
  it("starts at 0.1.0 without a previous release, unless told otherwise", () => {
    expect(suggestNextVersion(null, commits("feat!: x"))).toEqual({ version: "0.1.0", bump: "minor", reason: expect.stringContaining("0.1.0") });
    expect(suggestNextVersion(null, [], { initialVersion: "1.0.0" })).toMatchObject({ version: "1.0.0", bump: "major" });
  });

  it("bumps major, minor or patch from 1.0.0 on", () => {
    expect(suggestNextVersion("1.4.2", commits("feat!: a", "fix: b", "feat: c\n\nBREAKING CHANGE: d"))).toEqual({
      version: "2.0.0",
      bump: "major",
      reason: "2 breaking changes: major version",
    });
    expect(suggestNextVersion("1.4.2", commits("feat: a", "feat: b", "Feat: c", "fix: d"))).toEqual({
      version: "1.5.0",
      bump: "minor",
      reason: "3 features, no breaking change: minor version",
    });
    expect(suggestNextVersion("1.4.2", commits("fix: a"))).toMatchObject({ version: "1.4.3", bump: "patch", reason: "1 fix, no feature or breaking change: patch version" });
    expect(suggestNextVersion("1.4.2+ci.7", commits("docs: a"))).toMatchObject({ version: "1.4.3", bump: "patch" });
  });

  it("bumps minor for breaking changes during 0.y.z", () => {
    expect(suggestNextVersion("0.3.1", commits("feat!: a"))).toEqual({
      version: "0.4.0",
      bump: "minor",
      reason: "1 breaking change: minor version while in 0.y.z initial development",
    });
    expect(suggestNextVersion("0.3.1", commits("feat: a"))).toMatchObject({ version: "0.4.0", bump: "minor" });
    expect(suggestNextVersion("0.3.1", commits("fix: a"))).toMatchObject({ version: "0.3.2", bump: "patch" });
  });

  it("releases a prerelease previous version", () => {
    expect(suggestNextVersion("2.0.0-rc.2", commits("fix: a", "feat: b"))).toMatchObject({ version: "2.0.0", bump: "major" });
    expect(suggestNextVersion("1.3.0-beta.1", commits("fix: a"))).toMatchObject({ version: "1.3.0", bump: "minor" });
    expect(suggestNextVersion("1.3.0-beta.1", []).reason).toContain("releasing prerelease 1.3.0-beta.1 as 1.3.0");
    // Changes beyond what the prerelease stands for still move the version on.
    expect(suggestNextVersion("1.2.3-rc.1", commits("feat: a"))).toMatchObject({ version: "1.3.0", bump: "minor" });
  });

  it("throws on an invalid previous version", () => {
    expect(() => suggestNextVersion("v1.0.0", [])).toThrow(RangeError);
  });
});

const empty = (): GroupedChanges => ({ breaking: [], feature: [], fix: [], other: [] });

describe("renderRelease", () => {
  it("renders heading, title, notes and non-empty sections in order", () => {
    const changes = groupChanges([
      { hash: "1111111aaaa", message: "chore(deps): bump next" },
      { hash: "2222222bbbb", message: "fix(ui): align *buttons*" },
      { hash: "3333333cccc", message: "feat: add `releases` page" },
      { hash: "4444444dddd", message: "feat(api)!: drop v0" },
    ]);
    const md = renderRelease({ version: "1.4.0", date: "2026-11-25", title: "Autumn release", notes: "First line\nsecond line.", changes });
    expect(md).toBe(
      [
        "## [1.4.0] - 2026-11-25",
        "",
        "Autumn release",
        "",
        "First line second line.",
        "",
        "### Breaking changes",
        "",
        "- **api:** drop v0 (4444444)",
        "",
        "### Added",
        "",
        "- add `releases` page (3333333)",
        "",
        "### Fixed",
        "",
        "- **ui:** align *buttons* (2222222)",
        "",
        "### Changed",
        "",
        "- **deps:** bump next (1111111)",
        "",
      ].join("\n"),
    );
  });

  it("omits empty sections, title and notes", () => {
    const changes = empty();
    changes.fix.push(parseCommit(commit("fix: a")));
    expect(renderRelease({ version: "1.0.1", date: "2026-01-02", title: null, notes: "  ", changes })).toBe(
      "## [1.0.1] - 2026-01-02\n\n### Fixed\n\n- a (abcdef0)\n",
    );
  });

  it("keeps user text from opening headings or breaking the list", () => {
    const changes = empty();
    changes.breaking.push(parseCommit(commit("feat!: x\n\nBREAKING CHANGE: # not a heading\n## nor this")));
    changes.other.push({ kind: "other", type: null, scope: null, description: "- nested\nitem", hash: "", author: null });
    changes.other.push({ kind: "other", type: null, scope: null, description: "1. ordered", hash: "", author: null });
    const md = renderRelease({ version: "2.0.0", date: "2026-11-25", title: "# Big", notes: "> quote\n\n---\n## [9.9.9] - 2099-01-01", changes });
    expect(md).toContain("\n\\# Big\n");
    expect(md).toContain("\n\\> quote --- ## [9.9.9] - 2099-01-01\n");
    expect(md).toContain("- \\# not a heading ## nor this (abcdef0)\n");
    expect(md).toContain("- \\- nested item\n- 1\\. ordered\n");
    expect(md.split("\n").filter((line) => line.startsWith("#"))).toEqual(["## [2.0.0] - 2026-11-25", "### Breaking changes", "### Changed"]);
  });

  it("rejects an invalid version or date", () => {
    expect(() => renderRelease({ version: "v1.0.0", date: "2026-11-25", changes: empty() })).toThrow(RangeError);
    expect(() => renderRelease({ version: "1.0.0", date: "25/11/2026", changes: empty() })).toThrow(RangeError);
  });
});

describe("renderChangelog", () => {
  it("renders the header and releases newest first by precedence", () => {
    const release = (version: string, date: string) => ({ version, date, changes: groupChanges([commit(`fix: in ${version}`)]) });
    const md = renderChangelog("T-Minus", [release("1.10.0", "2026-03-01"), release("1.2.0", "2026-01-01"), release("2.0.0-rc.1", "2026-04-01"), release("2.0.0", "2026-05-01")]);
    expect(md.startsWith("# Changelog\n\nAll notable changes to T-Minus ")).toBe(true);
    expect(md).toContain("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)");
    expect(md).toContain("[Semantic Versioning](https://semver.org/spec/v2.0.0.html)");
    const headings = md.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual(["## [2.0.0] - 2026-05-01", "## [2.0.0-rc.1] - 2026-04-01", "## [1.10.0] - 2026-03-01", "## [1.2.0] - 2026-01-01"]);
    expect(md).toContain("- in 1.10.0 (abcdef0)\n\n## [1.2.0]");
    expect(md.endsWith("(abcdef0)\n")).toBe(true);
    expect(md).not.toMatch(/\n\n\n/);
  });

  it("renders an empty changelog and escapes the project name", () => {
    expect(renderChangelog("# Evil\nname", [])).toMatch(/^# Changelog\n\nAll notable changes to \\# Evil name are documented[^\n]*\n$/);
  });
});
