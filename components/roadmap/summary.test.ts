import { describe, expect, it } from "vitest";
import type { TRoadmapItem } from "@/lib/queries/runbooks";
import { groupByKind, ownershipNudge, roadmapFigures } from "./summary";

let n = 0;
const item = (over: Partial<TRoadmapItem>): TRoadmapItem => ({
  id: `r${++n}`,
  kind: "planned",
  status: "open",
  title: `Item ${n}`,
  notes: "",
  notesHtml: "",
  owner: { id: "u1", name: "Ada" },
  targetRelease: "1.5.0",
  feedback: null,
  position: n,
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...over,
});

describe("groupByKind", () => {
  it("puts every item in its section and sinks done and dropped ones, keeping the order of the rest", () => {
    const a = item({ status: "done" });
    const b = item({ status: "in_progress" });
    const c = item({ status: "dropped" });
    const d = item({ status: "open" });
    const k = item({ kind: "known_issue" });
    const s = item({ kind: "scalability", status: "done" });
    const g = groupByKind([a, b, c, d, k, s]);
    expect(g.planned.map((i) => i.id)).toEqual([b.id, d.id, a.id, c.id]);
    expect(g.known_issue).toEqual([k]);
    expect(g.scalability).toEqual([s]);
  });
  it("gives empty sections for an empty roadmap", () => {
    expect(groupByKind([])).toEqual({ planned: [], known_issue: [], scalability: [] });
  });
});

describe("roadmapFigures", () => {
  it("counts open work per section and the open items without an owner or a target release", () => {
    const f = roadmapFigures([
      item({ owner: null }),
      item({ status: "in_progress", targetRelease: null }),
      item({ status: "done", owner: null, targetRelease: null }),
      item({ kind: "known_issue", owner: null, targetRelease: null }),
      item({ kind: "scalability", status: "dropped" }),
    ]);
    expect(f).toEqual({ planned: 2, knownIssues: 1, scalability: 0, noOwner: 2, noRelease: 2 });
  });
});

describe("ownershipNudge", () => {
  it("says nothing when every open item has both", () => {
    expect(ownershipNudge({ noOwner: 0, noRelease: 0 }, true)).toBeNull();
  });
  it("names what is missing and what to do, in the singular and plural", () => {
    expect(ownershipNudge({ noOwner: 3, noRelease: 0 }, true)).toBe("3 items have no owner. Edit them to name who takes each on.");
    expect(ownershipNudge({ noOwner: 0, noRelease: 1 }, true)).toBe("1 item has no target release. Edit it to name the release it should ship in.");
    expect(ownershipNudge({ noOwner: 1, noRelease: 2 }, false)).toBe("1 item has no owner and 2 items have no target release. Ask a member to name who takes each on and in which release.");
  });
});
