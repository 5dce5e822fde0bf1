import { describe, expect, it } from "vitest";
import { ITEM_STATUSES, LAUNCH_STAGES, SETTABLE_STATUSES, STAGE_LABELS, STATUS_LABELS } from "@/lib/launch/schemas";
import { SETTABLE, STAGE_LABEL, STAGE_ORDER, STATUS_LABEL } from "./labels";

describe("the checklist's labels in the browser", () => {
  it("say what the server's schemas say", () => {
    expect(STAGE_ORDER).toEqual([...LAUNCH_STAGES]);
    expect(STAGE_LABEL).toEqual(STAGE_LABELS);
    expect(STATUS_LABEL).toEqual(STATUS_LABELS);
    expect(Object.keys(STATUS_LABEL).sort()).toEqual([...ITEM_STATUSES].sort());
    expect(SETTABLE).toEqual([...SETTABLE_STATUSES]);
  });
});
