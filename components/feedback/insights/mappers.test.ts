import { describe, expect, it } from "vitest";
import { formatHours, formatRate, formatStatDay, severitySummary, typeSummary, type PerDay } from "./mappers";

const day = (d: string, v: Partial<PerDay> = {}): PerDay => ({ day: d, bug: 0, idea: 0, question: 0, praise: 0, critical: 0, high: 0, medium: 0, low: 0, ...v });

describe("summaries", () => {
  const perDay = [day("2026-06-01", { bug: 3, idea: 1, critical: 1, high: 2 }), day("2026-06-02"), day("2026-06-03", { bug: 1, praise: 1, critical: 2 })];

  it("says the totals by type and the busiest day", () => {
    expect(typeSummary({ days: 30, perDay })).toBe("6 items came in over the last 30 days: 4 bugs, 1 idea, 1 praise. The busiest day was 1 Jun, with 4.");
  });

  it("counts items not rated yet rather than leaving them out", () => {
    expect(severitySummary({ days: 30, perDay })).toBe("By severity: 3 critical, 2 high, 0 medium, 0 low; 1 not rated yet. The most critical items in one day: 2, on 3 Jun.");
  });

  it("says plainly when nothing came in", () => {
    expect(typeSummary({ days: 90, perDay: [day("2026-06-01")] })).toBe("No feedback came in over the last 90 days.");
    expect(severitySummary({ days: 30, perDay: [day("2026-06-01", { idea: 2 })] })).toBe("None of the 2 items of the last 30 days has a severity yet.");
  });
});

describe("formats", () => {
  it("writes hours as people read them", () => {
    expect(formatHours(null)).toBe("—");
    expect(formatHours(0.25)).toBe("15 min");
    expect(formatHours(4.24)).toBe("4.2 h");
    expect(formatHours(3)).toBe("3 h");
    expect(formatHours(36.4)).toBe("36 h");
  });

  it("writes the duplicate rate as a percentage", () => {
    expect(formatRate(null)).toBe("—");
    expect(formatRate(0.125)).toBe("13%");
    expect(formatRate(0.042)).toBe("4.2%");
    expect(formatRate(0)).toBe("0%");
  });

  it("keeps a stats day on its UTC date", () => {
    expect(formatStatDay("2026-06-01")).toBe("1 Jun");
    expect(formatStatDay("2026-06-01", true)).toBe("1 Jun 2026");
  });
});
