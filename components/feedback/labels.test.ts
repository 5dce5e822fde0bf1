import { describe, expect, it } from "vitest";
import {
  FEEDBACK_CLOSED, FEEDBACK_FLOW, FEEDBACK_SEVERITIES, FEEDBACK_SEVERITY_LABELS, FEEDBACK_SOURCES, FEEDBACK_STATUS_LABELS, FEEDBACK_STATUSES, FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, LIMITS,
} from "@/lib/feedback/schemas";
import { CLOSED, FLOW, LABEL_MAX, LABELS_MAX, REASON_MAX, SEVERITIES, SEVERITY_LABEL, SOURCE_LABEL, SOURCES, STATUS_LABEL, STATUSES, TYPE_LABEL, TYPES } from "./labels";

describe("the feedback labels in the browser", () => {
  it("say what the server's schemas say", () => {
    expect(TYPES).toEqual([...FEEDBACK_TYPES]);
    expect(TYPE_LABEL).toEqual(FEEDBACK_TYPE_LABELS);
    expect(STATUSES).toEqual([...FEEDBACK_STATUSES]);
    expect(STATUS_LABEL).toEqual(FEEDBACK_STATUS_LABELS);
    expect(FLOW).toEqual(FEEDBACK_FLOW);
    expect(CLOSED).toEqual(FEEDBACK_CLOSED);
    expect(SEVERITIES).toEqual([...FEEDBACK_SEVERITIES]);
    expect(SEVERITY_LABEL).toEqual(FEEDBACK_SEVERITY_LABELS);
    expect(SOURCES).toEqual([...FEEDBACK_SOURCES]);
    expect(Object.keys(SOURCE_LABEL)).toEqual([...FEEDBACK_SOURCES]);
    expect([LABEL_MAX, LABELS_MAX, REASON_MAX]).toEqual([LIMITS.label, LIMITS.labels, LIMITS.reason]);
  });
});
