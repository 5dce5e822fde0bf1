import { describe, expect, it } from "vitest";
import { QA_CHANGE_LABELS, QA_KIND_BLURBS, QA_KIND_IDS, QA_KIND_LABELS, QA_STATUS_LABELS, QA_STATUSES, QA_TRIGGERS } from "@/lib/qa/schemas";
import { CHANGE_LABEL, KIND_BLURB, KIND_LABEL, KINDS, STATUS_LABEL, STATUSES, TRIGGER_LABEL } from "./labels";

describe("the QA labels in the browser", () => {
  it("say what the server's schemas say", () => {
    expect(KINDS).toEqual([...QA_KIND_IDS]);
    expect(KIND_LABEL).toEqual(QA_KIND_LABELS);
    expect(KIND_BLURB).toEqual(QA_KIND_BLURBS);
    expect(STATUSES).toEqual([...QA_STATUSES]);
    expect(STATUS_LABEL).toEqual(QA_STATUS_LABELS);
    expect(CHANGE_LABEL).toEqual(QA_CHANGE_LABELS);
    expect(Object.keys(TRIGGER_LABEL).sort()).toEqual([...QA_TRIGGERS].sort());
  });
});
