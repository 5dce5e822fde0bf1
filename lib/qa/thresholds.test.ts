import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  breaksLimit,
  certainToFail,
  evaluateThresholds,
  parseThreshold,
  parseThresholds,
  thresholdText,
  type Observed,
  type Threshold,
} from "./thresholds";

const parsed = (text: string): Threshold => parseThresholds([text])[0];

describe("parseThreshold", () => {
  it.each([
    ["p(95)<300", { metric: "percentile", q: 95, op: "<", limit: 300, label: "p(95)" }],
    ["p(99)<1000", { metric: "percentile", q: 99, op: "<", limit: 1000 }],
    ["p(99.9)<=2000", { metric: "percentile", q: 99.9, op: "<=", limit: 2000, label: "p(99.9)" }],
    ["avg<200", { metric: "avg", op: "<", limit: 200 }],
    ["med<100", { metric: "percentile", q: 50, label: "med", limit: 100 }],
    ["max<5000", { metric: "max", op: "<", limit: 5000 }],
    ["rate(errors)<0.01", { metric: "errorRate", op: "<", limit: 0.01 }],
    ["rps>500", { metric: "rps", op: ">", limit: 500 }],
    ["rps>=500", { op: ">=" }],
    ["rate(errors)==0", { metric: "errorRate", op: "==", limit: 0 }],
    ["  p( 95 ) < 300 ", { metric: "percentile", q: 95, op: "<", limit: 300, text: "p( 95 ) < 300" }],
    ["P(90)<250.5", { q: 90, limit: 250.5 }],
  ])("reads %s", (text, expected) => {
    const result = parseThreshold(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.threshold).toMatchObject(expected);
  });

  it.each([
    ["p(95)<<300", '"p(95)<<300": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ["p(95)", '"p(95)": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ["p(95)<", '"p(95)<": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ["p(95)!=300", '"p(95)!=300": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ["p(95)<-3", '"p(95)<-3": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ["p(95)<300ms", '"p(95)<300ms": write the limit as a plain number, without a unit (milliseconds for latencies, a fraction for rates)'],
    ["p(0)<300", '"p(0)<300": the percentile in p(0) must be a number above 0 and at most 100'],
    ["p(101)<300", '"p(101)<300": the percentile in p(101) must be a number above 0 and at most 100'],
    ["p(abc)<300", '"p(abc)<300": the percentile in p(abc) must be a number above 0 and at most 100'],
    ["p95<300", '"p95<300": unknown metric "p95"; use p(N), med, avg, max, rate(errors) or rps'],
    ["rate(timeouts)<0.1", '"rate(timeouts)<0.1": only rate(errors) is measured, not rate(timeouts)'],
    ["rate(errors)<2", '"rate(errors)<2": a rate is a fraction between 0 and 1 (0.01 is 1%), not 2'],
    ["<300", '"<300": expected a metric first; use p(N), med, avg, max, rate(errors) or rps'],
    ["   ", "An empty threshold: write one like p(95)<300."],
  ])("refuses %s with a sentence", (text, message) => {
    expect(parseThreshold(text)).toEqual({ ok: false, message });
  });

  it("gives zod issues at the element's index", () => {
    const schema = z.object({ thresholds: z.array(thresholdText) });
    const result = schema.safeParse({ thresholds: ["p(95)<300", "p(95)<<300"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["thresholds", 1], message: '"p(95)<<300": expected an operator (<, <=, >, >=, ==) followed by a number' }),
    ]);
  });
});

function observed(latencies: number[], extra: Partial<Observed> = {}): Observed {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    percentile: (q) => sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)],
    avg: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    max: sorted.at(-1) ?? 0,
    completed: sorted.length,
    errorRate: 0,
    rps: 100,
    ...extra,
  };
}

describe("evaluateThresholds", () => {
  const slow = observed([...Array(90).fill(100), ...Array(10).fill(412)]);

  it("says what was observed and against which limit", () => {
    const results = evaluateThresholds(parseThresholds(["p(95)<300", "p(50)<300", "max<=412", "avg<200"]), slow);
    expect(results).toEqual([
      { text: "p(95)<300", observed: 412, pass: false, sentence: "p(95) was 412 ms, over the 300 ms limit." },
      { text: "p(50)<300", observed: 100, pass: true, sentence: "p(50) was 100 ms, under the 300 ms limit." },
      { text: "max<=412", observed: 412, pass: true, sentence: "max was 412 ms, at the 412 ms limit, which is allowed." },
      { text: "avg<200", observed: 131.2, pass: true, sentence: "avg was 131 ms, under the 200 ms limit." },
    ]);
  });

  it("reads rates as percentages and rps as a minimum", () => {
    const o = observed([5], { errorRate: 0.503, completed: 1000, rps: 412.4 });
    const results = evaluateThresholds(parseThresholds(["rate(errors)<0.01", "rps>500", "rps>=412.4", "p(99)<300"]), o);
    expect(results.map((r) => [r.pass, r.sentence])).toEqual([
      [false, "The error rate was 50.3%, over the 1% limit."],
      [false, "rps was 412 req/s, under the 500 req/s minimum."],
      [true, "rps was 412 req/s, at the 412 req/s minimum, which is allowed."],
      [true, "p(99) was 5 ms, under the 300 ms limit."],
    ]);
  });

  it("fails a strict limit met exactly, and an unmet equality", () => {
    const o = observed([300], { errorRate: 0.002 });
    const results = evaluateThresholds(parseThresholds(["p(95)<300", "rate(errors)==0"]), o);
    expect(results.map((r) => [r.pass, r.sentence])).toEqual([
      [false, "p(95) was 300 ms, at the 300 ms limit, which it must stay under."],
      [false, "The error rate was 0.2%, not the required 0%."],
    ]);
  });

  it("fails what could not be measured", () => {
    const o = observed([], { completed: 0, rps: 0 });
    const results = evaluateThresholds(parseThresholds(["p(95)<300", "rate(errors)<0.01", "rps>0"]), o);
    expect(results).toEqual([
      { text: "p(95)<300", observed: null, pass: false, sentence: "p(95) could not be measured: no response arrived." },
      { text: "rate(errors)<0.01", observed: null, pass: false, sentence: "The error rate could not be measured: no request finished." },
      { text: "rps>0", observed: 0, pass: false, sentence: "rps was 0 req/s, at the 0 req/s minimum, which it must exceed." },
    ]);
  });
});

describe("certainToFail", () => {
  const seen = (s: Partial<{ completed: number; errors: number; maxMs: number; breaking: number }>) => ({
    completed: 0,
    errors: 0,
    maxMs: 0,
    breaking: 0,
    ...s,
  });

  it("p(95)<300: certain once more than 5% of the planned total is already slower", () => {
    const t = parsed("p(95)<300");
    expect(certainToFail(t, seen({ completed: 100, breaking: 50 }), 1000)).toBe(false);
    expect(certainToFail(t, seen({ completed: 100, breaking: 51 }), 1000)).toBe(true);
    // Half of what was seen is slow, but 900 fast answers may still come.
    expect(certainToFail(t, seen({ completed: 60, breaking: 30 }), 1000)).toBe(false);
  });

  it("p(99.9)<=2000: certain once more than 0.1% of the planned total is over 2000 ms", () => {
    const t = parsed("p(99.9)<=2000");
    expect(certainToFail(t, seen({ breaking: 10 }), 10_000)).toBe(false);
    expect(certainToFail(t, seen({ breaking: 11 }), 10_000)).toBe(true);
  });

  it("breaksLimit: a sample at a strict limit breaks it, at an inclusive one does not", () => {
    expect(breaksLimit(parsed("p(95)<300"), 300)).toBe(true);
    expect(breaksLimit(parsed("p(95)<=300"), 300)).toBe(false);
    expect(breaksLimit(parsed("p(95)<=300"), 300.5)).toBe(true);
  });

  it("rate(errors)<0.01: certain once errors reach 1% of the planned total", () => {
    const t = parsed("rate(errors)<0.01");
    expect(certainToFail(t, seen({ completed: 20, errors: 9 }), 1000)).toBe(false);
    expect(certainToFail(t, seen({ completed: 20, errors: 10 }), 1000)).toBe(true);
    expect(certainToFail(parsed("rate(errors)<=0.01"), seen({ errors: 10 }), 1000)).toBe(false);
    expect(certainToFail(parsed("rate(errors)==0"), seen({ errors: 1 }), 1000)).toBe(true);
  });

  it("max<X: certain after one response slower than X", () => {
    expect(certainToFail(parsed("max<5000"), seen({ maxMs: 4999 }), 1000)).toBe(false);
    expect(certainToFail(parsed("max<5000"), seen({ maxMs: 5000 }), 1000)).toBe(true);
    expect(certainToFail(parsed("max<=5000"), seen({ maxMs: 5000 }), 1000)).toBe(false);
  });

  it("never calls avg, rps or lower bounds certain", () => {
    const awful = seen({ completed: 1000, errors: 1000, maxMs: 60_000, breaking: 1000 });
    for (const text of ["avg<1", "rps>500", "p(95)>300", "rate(errors)>0.5", "max>=1"]) {
      expect(certainToFail(parsed(text), awful, 1000)).toBe(false);
    }
  });
});
