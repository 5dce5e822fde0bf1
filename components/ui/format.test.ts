import { describe, expect, it } from "vitest";
import { formatAbsolute, formatDuration, formatRelative } from "./format";

const now = Date.parse("2026-11-25T12:00:00.000Z");
const at = (ms: number) => new Date(now + ms).toISOString();

describe("formatRelative", () => {
  it("says minutes, hours and days in both directions", () => {
    expect(formatRelative(at(-10_000), now)).toBe("just now");
    expect(formatRelative(at(-3 * 60_000), now)).toBe("3 min ago");
    expect(formatRelative(at(-2 * 3_600_000), now)).toBe("2 h ago");
    expect(formatRelative(at(2 * 86_400_000), now)).toBe("in 2 days");
    expect(formatRelative(at(-86_400_000), now)).toBe("1 day ago");
  });
});

describe("formatAbsolute", () => {
  it("names the time zone", () => {
    expect(formatAbsolute("2026-11-25T12:03:04.000Z", "UTC")).toBe("25 Nov 2026, 12:03:04 UTC");
  });
});

describe("formatDuration", () => {
  it("uses human units", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(72_000)).toBe("1 m 12 s");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe("2 h 5 m");
  });
});
