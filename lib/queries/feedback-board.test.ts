import { describe, expect, it } from "vitest";
import { currentSprint, dayToInstant, groupByColumn, moveTargets, notInSprint, onBoard, sprintTiming, type TFeedbackSummary } from "./feedback-board";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const sprint = (id: string, startsAt: string, endsAt: string) => ({ id, startsAt, endsAt });
const item = (id: string, status: TFeedbackSummary["status"], sprintId: string | null = null) => ({ id, status, sprintId }) as TFeedbackSummary;

describe("currentSprint", () => {
  const a = sprint("a", "2026-06-01T00:00:00Z", "2026-06-14T23:59:59Z");
  const b = sprint("b", "2026-06-15T00:00:00Z", "2026-06-28T23:59:59Z");
  const c = sprint("c", "2026-07-06T00:00:00Z", "2026-07-19T23:59:59Z");

  it("opens on the sprint running now", () => {
    expect(currentSprint([a, b, c], at("2026-06-16T10:00:00Z"))?.id).toBe("b");
  });

  it("between sprints, opens on the next one to start; after all of them, on the last to end", () => {
    expect(currentSprint([c, a, b], at("2026-07-01T00:00:00Z"))?.id).toBe("c");
    expect(currentSprint([a, c, b], at("2026-08-01T00:00:00Z"))?.id).toBe("c");
  });

  it("prefers the later-starting of two overlapping sprints, and says null when there is none", () => {
    const overlap = sprint("o", "2026-06-10T00:00:00Z", "2026-06-20T00:00:00Z");
    expect(currentSprint([a, overlap], at("2026-06-12T00:00:00Z"))?.id).toBe("o");
    expect(currentSprint([], Date.now())).toBeNull();
  });
});

describe("sprintTiming", () => {
  const s = sprint("s", "2026-06-01T00:00:00Z", "2026-06-14T23:59:59.999Z");
  it("counts the days left, whole days rounded up", () => {
    expect(sprintTiming(s, at("2026-06-10T00:00:00Z"))).toEqual({ phase: "running", text: "5 days left" });
    expect(sprintTiming(s, at("2026-06-13T12:00:00Z")).text).toBe("2 days left");
    expect(sprintTiming(s, at("2026-06-14T08:00:00Z")).text).toBe("Ends today");
  });
  it("says when it starts or ended", () => {
    expect(sprintTiming(s, at("2026-05-31T00:00:00Z"))).toEqual({ phase: "upcoming", text: "Starts in 1 day" });
    expect(sprintTiming(s, at("2026-06-15T10:00:00Z"))).toEqual({ phase: "ended", text: "Ended today" });
    expect(sprintTiming(s, at("2026-06-15T00:00:00Z") + 3 * DAY).text).toBe("Ended 3 days ago");
  });
});

describe("board columns", () => {
  it("groups items by column and leaves closed ones off the board", () => {
    const items = [item("1", "planned"), item("2", "declined"), item("3", "fixed"), item("4", "planned")];
    const cols = groupByColumn(onBoard(items));
    expect(cols.planned.map((i) => i.id)).toEqual(["1", "4"]);
    expect(cols.fixed.map((i) => i.id)).toEqual(["3"]);
    expect(Object.values(cols).flat()).toHaveLength(3);
  });

  it("offers every other column, in the board's order", () => {
    expect(moveTargets("in_progress")).toEqual(["accepted", "planned", "fixed", "released"]);
  });

  it("pulls in only accepted items that are in no sprint", () => {
    expect(notInSprint([item("1", "accepted"), item("2", "accepted", "s1"), item("3", "planned")]).map((i) => i.id)).toEqual(["1"]);
  });
});

describe("dayToInstant", () => {
  it("makes a picked day its first or last moment in the browser's zone", () => {
    const start = new Date(dayToInstant("2026-06-01", "start")!);
    const end = new Date(dayToInstant("2026-06-14", "end")!);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()]).toEqual([2026, 5, 1, 0, 0]);
    expect([end.getDate(), end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([14, 23, 59, 59, 999]);
  });
  it("refuses what is not a day", () => {
    expect(dayToInstant("", "start")).toBeNull();
    expect(dayToInstant("14/06/2026", "end")).toBeNull();
  });
});
