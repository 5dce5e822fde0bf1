import { describe, expect, it } from "vitest";
import { activeFreeze, describeFreeze, freezeOpenAt, freezeReason, isValidTimeZone, zonedInstant, type FreezeWindowTimes } from "./freeze-time";
import { ZFreezeWindowCreate } from "./freeze-schemas";
import { issuesFromZod } from "../errors";

const AMS = "Europe/Amsterdam";
const NY = "America/New_York";
const utc = (iso: string) => new Date(iso);

const weekly = (weekdays: number[], startTime: string, endTime: string, timeZone = AMS, name = "weekly"): FreezeWindowTimes => ({
  name,
  kind: "weekly",
  startsAt: null,
  endsAt: null,
  weekdays,
  startTime,
  endTime,
  timeZone,
});
const oneOff = (startsAt: string, endsAt: string, name = "Launch weekend", timeZone = AMS): FreezeWindowTimes => ({
  name,
  kind: "one_off",
  startsAt: new Date(startsAt),
  endsAt: new Date(endsAt),
  weekdays: [],
  startTime: null,
  endTime: null,
  timeZone,
});
const endOf = (w: FreezeWindowTimes, at: string) => freezeOpenAt(w, utc(at))?.endsAt?.toISOString() ?? null;

describe("local times across DST", () => {
  it("moves a wall time in the spring-forward gap forward by the gap and takes the earlier of a fall-back overlap", () => {
    expect(zonedInstant({ y: 2024, m: 3, d: 31 }, "02:30", AMS).toISOString()).toBe("2024-03-31T01:30:00.000Z");
    expect(zonedInstant({ y: 2024, m: 10, d: 27 }, "02:30", AMS).toISOString()).toBe("2024-10-27T00:30:00.000Z");
    expect(zonedInstant({ y: 2024, m: 3, d: 10 }, "02:30", NY).toISOString()).toBe("2024-03-10T07:30:00.000Z");
    expect(zonedInstant({ y: 2024, m: 11, d: 3 }, "01:30", NY).toISOString()).toBe("2024-11-03T05:30:00.000Z");
  });

  it("makes a window over the Amsterdam spring-forward night an hour shorter", () => {
    const night = weekly([7], "01:00", "04:00");
    expect(freezeOpenAt(night, utc("2024-03-30T23:59:59Z"))).toBeNull();
    expect(freezeOpenAt(night, utc("2024-03-31T00:00:00Z"))?.startsAt.toISOString()).toBe("2024-03-31T00:00:00.000Z");
    expect(endOf(night, "2024-03-31T01:59:59Z")).toBe("2024-03-31T02:00:00.000Z");
    expect(freezeOpenAt(night, utc("2024-03-31T02:00:00Z"))).toBeNull();
  });

  it("makes a window over the Amsterdam fall-back night an hour longer", () => {
    const night = weekly([7], "01:00", "04:00");
    expect(freezeOpenAt(night, utc("2024-10-26T22:59:59Z"))).toBeNull();
    expect(endOf(night, "2024-10-26T23:00:00Z")).toBe("2024-10-27T03:00:00.000Z");
    expect(endOf(night, "2024-10-27T02:59:59Z")).toBe("2024-10-27T03:00:00.000Z");
    expect(freezeOpenAt(night, utc("2024-10-27T03:00:00Z"))).toBeNull();
  });

  it("keeps New York office hours at 09:00 local on both sides of the spring change", () => {
    const office = weekly([1, 2, 3, 4, 5], "09:00", "17:00", NY);
    expect(freezeOpenAt(office, utc("2024-03-08T13:59:00Z"))).toBeNull();
    expect(endOf(office, "2024-03-08T14:00:00Z")).toBe("2024-03-08T22:00:00.000Z");
    expect(endOf(office, "2024-03-11T13:00:00Z")).toBe("2024-03-11T21:00:00.000Z");
    expect(freezeOpenAt(office, utc("2024-03-11T12:59:00Z"))).toBeNull();
  });

  it("ends an overnight New York window at 06:00 standard time after the fall-back night", () => {
    const night = weekly([6], "22:00", "06:00", NY);
    expect(freezeOpenAt(night, utc("2024-11-03T01:59:00Z"))).toBeNull();
    expect(endOf(night, "2024-11-03T02:00:00Z")).toBe("2024-11-03T11:00:00.000Z");
    expect(endOf(night, "2024-11-03T10:59:00Z")).toBe("2024-11-03T11:00:00.000Z");
    expect(freezeOpenAt(night, utc("2024-11-03T11:00:00Z"))).toBeNull();
  });
});

describe("weekly windows", () => {
  it("wrap overnight into the next day when the end is before the start, only from listed days", () => {
    const friday = weekly([5], "18:00", "08:00");
    expect(freezeOpenAt(friday, utc("2024-11-21T17:30:00Z"))).toBeNull(); // Thursday 18:30
    expect(freezeOpenAt(friday, utc("2024-11-22T16:59:59Z"))).toBeNull();
    expect(endOf(friday, "2024-11-22T17:00:00Z")).toBe("2024-11-23T07:00:00.000Z");
    expect(endOf(friday, "2024-11-23T06:59:59Z")).toBe("2024-11-23T07:00:00.000Z");
    expect(freezeOpenAt(friday, utc("2024-11-23T07:00:00Z"))).toBeNull();
  });

  it("wrap from Sunday into Monday, across the ISO week's end", () => {
    const sunday = weekly([7], "22:00", "06:00");
    expect(endOf(sunday, "2024-11-25T03:00:00Z")).toBe("2024-11-25T05:00:00.000Z");
    expect(freezeOpenAt(sunday, utc("2024-11-25T21:30:00Z"))).toBeNull(); // Monday 22:30
    expect(endOf(sunday, "2024-12-29T21:00:00Z")).toBe("2024-12-30T05:00:00.000Z");
  });

  it("run on through back-to-back days, and never close when every hour of the week is covered", () => {
    const weekend = weekly([5, 6, 7], "00:00", "00:00");
    expect(endOf(weekend, "2024-11-22T11:00:00Z")).toBe("2024-11-24T23:00:00.000Z");
    expect(freezeOpenAt(weekend, utc("2024-11-21T22:59:59Z"))).toBeNull();
    const always = weekly([1, 2, 3, 4, 5, 6, 7], "06:00", "06:00");
    expect(freezeOpenAt(always, utc("2024-11-22T11:00:00Z"))).toEqual({ startsAt: utc("2024-11-22T05:00:00Z"), endsAt: null });
  });

  it("shift times in the spring-forward gap forward by the gap, opening nothing when the start passes the end", () => {
    expect(freezeOpenAt(weekly([7], "02:00", "02:30"), utc("2024-03-31T01:00:00Z"))).toEqual({
      startsAt: utc("2024-03-31T01:00:00Z"),
      endsAt: utc("2024-03-31T01:30:00Z"),
    });
    expect(freezeOpenAt(weekly([7], "02:30", "03:00"), utc("2024-03-31T00:59:00Z"))).toBeNull();
    expect(freezeOpenAt(weekly([7], "02:30", "03:00"), utc("2024-03-31T01:15:00Z"))).toBeNull();
  });
});

describe("one-off windows", () => {
  const launch = oneOff("2024-11-22T16:00:00+01:00", "2024-11-25T08:00:00+01:00");
  it("include the start and exclude the end", () => {
    expect(freezeOpenAt(launch, utc("2024-11-22T14:59:59.999Z"))).toBeNull();
    expect(freezeOpenAt(launch, utc("2024-11-22T15:00:00Z"))?.endsAt).toEqual(utc("2024-11-25T07:00:00Z"));
    expect(freezeOpenAt(launch, utc("2024-11-25T06:59:59.999Z"))).not.toBeNull();
    expect(freezeOpenAt(launch, utc("2024-11-25T07:00:00Z"))).toBeNull();
  });

  it("give the gate a sentence in the window's own zone", () => {
    const at = utc("2024-11-23T12:00:00Z");
    const open = activeFreeze([launch], at)!;
    expect(freezeReason(open.window, open.endsAt, at)).toBe(
      'Freeze window "Launch weekend" is open until Mon 25 Nov 08:00 Europe/Amsterdam; an admin can override it with a reason.',
    );
    const newYear = oneOff("2024-12-30T00:00:00Z", "2025-01-02T09:00:00Z", "New year", "UTC");
    expect(freezeReason(newYear, newYear.endsAt, utc("2024-12-31T00:00:00Z"))).toContain("until Thu 2 Jan 2025 09:00 UTC;");
  });
});

describe("activeFreeze", () => {
  it("picks the open window that holds deployments back longest, and null when none is open", () => {
    const lunch = weekly([5], "12:00", "13:00", AMS, "lunch");
    const launch = oneOff("2024-11-22T00:00:00+01:00", "2024-11-23T00:00:00+01:00");
    const always = weekly([1, 2, 3, 4, 5, 6, 7], "00:00", "00:00", "UTC", "always");
    const at = utc("2024-11-22T11:30:00Z");
    expect(activeFreeze([lunch, launch], at)?.window.name).toBe("Launch weekend");
    expect(activeFreeze([launch, lunch], at)?.window.name).toBe("Launch weekend");
    expect(activeFreeze([lunch, always, launch], at)).toMatchObject({ window: { name: "always" }, endsAt: null });
    expect(activeFreeze([lunch, launch], utc("2024-11-23T11:30:00Z"))).toBeNull();
    expect(freezeReason(always, null)).toContain("open at every hour of the week until it is deleted");
  });
});

describe("describeFreeze", () => {
  it("says when a window is open in words", () => {
    expect(describeFreeze(weekly([5], "18:00", "08:00"))).toBe("Every Fri from 18:00 to Sat 08:00 (Europe/Amsterdam)");
    expect(describeFreeze(weekly([7], "22:00", "06:00"))).toBe("Every Sun from 22:00 to Mon 06:00 (Europe/Amsterdam)");
    expect(describeFreeze(weekly([5], "16:00", "23:59"))).toBe("Every Fri from 16:00 to 23:59 (Europe/Amsterdam)");
    expect(describeFreeze(weekly([1, 2, 3, 4, 5], "09:00", "17:00", NY))).toBe("Every Mon–Fri from 09:00 to 17:00 (America/New_York)");
    expect(describeFreeze(weekly([1, 6, 7], "20:00", "06:00"))).toBe("Every Sat–Mon from 20:00 to 06:00 the next day (Europe/Amsterdam)");
    expect(describeFreeze(weekly([5, 1, 3], "12:00", "13:00"))).toBe("Every Mon, Wed and Fri from 12:00 to 13:00 (Europe/Amsterdam)");
    expect(describeFreeze(weekly([1, 2, 3, 4, 5, 6, 7], "00:00", "00:00", "UTC"))).toBe("Every day from 00:00 to 00:00 the next day (UTC)");
    expect(describeFreeze(oneOff("2024-11-22T16:00:00+01:00", "2024-11-25T08:00:00+01:00"))).toBe(
      "Once, from Fri 22 Nov 2024 16:00 to Mon 25 Nov 2024 08:00 (Europe/Amsterdam)",
    );
  });
});

describe("ZFreezeWindowCreate", () => {
  const issues = (body: unknown) => {
    const r = ZFreezeWindowCreate.safeParse(body);
    return r.success ? [] : issuesFromZod(r.error).map(({ path, rule }) => `${path}:${rule}`);
  };
  const fri = { kind: "weekly", name: "Friday evenings", weekdays: [5], startTime: "16:00", endTime: "23:59", timeZone: AMS };
  const once = { kind: "one_off", name: "Launch weekend", startsAt: "2024-11-22T16:00:00+01:00", endsAt: "2024-11-25T08:00:00+01:00" };

  it("accepts both kinds, a one-off in UTC unless told", () => {
    expect(issues(fri)).toEqual([]);
    expect(ZFreezeWindowCreate.parse(once)).toMatchObject({ timeZone: "UTC" });
    expect(issues({ ...fri, targetId: null, weekdays: [7, 1], startTime: "22:00", endTime: "06:00" })).toEqual([]);
  });

  it("names the field and rule of each mistake", () => {
    expect(issues({ ...fri, timeZone: "Mars/Olympus" })).toEqual(["timeZone:timezone"]);
    expect(issues({ ...fri, timeZone: "+01:00" })).toEqual(["timeZone:timezone"]);
    expect(issues({ ...once, endsAt: once.startsAt })).toEqual(["endsAt:after_start"]);
    expect(issues({ ...once, endsAt: "2024-11-25T08:00:00" })).toEqual(["endsAt:invalid_format"]);
    expect(issues({ ...fri, weekdays: [] })).toEqual(["weekdays:too_small"]);
    expect(issues({ ...fri, weekdays: [5, 5] })).toEqual(["weekdays:unique"]);
    expect(issues({ ...fri, weekdays: [0] })).toEqual(["weekdays.0:too_small"]);
    expect(issues({ ...fri, weekdays: [8] })).toEqual(["weekdays.0:too_big"]);
    expect(issues({ ...fri, startTime: "24:00" })).toEqual(["startTime:invalid_format"]);
    expect(issues({ ...fri, endTime: "9:00" })).toEqual(["endTime:invalid_format"]);
    expect(issues({ ...fri, name: "x".repeat(81) })).toEqual(["name:too_big"]);
    expect(issues({ ...fri, kind: "monthly" })).toEqual(["kind:invalid_union"]);
    expect(issues({ ...fri, timeZone: undefined })).toEqual(["timeZone:invalid_type"]);
  });

  it("refuses a field of the other kind, naming it", () => {
    expect(issues({ ...fri, startsAt: once.startsAt })).toEqual(["startsAt:invalid_type"]);
    expect(issues({ ...once, weekdays: [5] })).toEqual(["weekdays:invalid_type"]);
    expect(ZFreezeWindowCreate.safeParse({ ...once, startTime: "16:00" }).error?.issues[0].message).toBe("is only for weekly windows; leave it out");
  });

  it("checks zones with Intl", () => {
    expect(isValidTimeZone("Europe/Amsterdam")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Europe/Atlantis")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});
