import { describe, expect, it } from "vitest";
import { ROADMAP_KINDS, ROADMAP_KIND_LABELS, ROADMAP_STATUSES, ROADMAP_STATUS_LABELS } from "@/lib/runbooks/schemas";
import { KINDS, KIND_LABEL, SECTIONS, STATUSES, STATUS_LABEL } from "./labels";

describe("roadmap labels (browser copies of lib/runbooks/schemas)", () => {
  it("match the server's kinds, statuses and labels", () => {
    expect([...KINDS].sort()).toEqual([...ROADMAP_KINDS].sort());
    expect(KIND_LABEL).toEqual(ROADMAP_KIND_LABELS);
    expect(STATUSES).toEqual([...ROADMAP_STATUSES]);
    expect(STATUS_LABEL).toEqual(ROADMAP_STATUS_LABELS);
  });
  it("have one section per kind, in the page's order", () => {
    expect(SECTIONS.map((s) => s.kind)).toEqual(["planned", "known_issue", "scalability"]);
  });
});
