import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { insertSubmissions, type Submission } from "@/lib/feedback/intake";
import { suggestDuplicates } from "@/lib/feedback/similar";
import type { TDuplicateSuggestion } from "@/lib/feedback/schemas";
import { projectWithRoles } from "../helpers/fixtures";
import { DUPLICATES, LONERS, ORIGINALS, type Report } from "./fixtures/duplicate-reports";

// Duplicate suggestions against a realistic set of post-launch reports (see the fixture): originals stored first,
// then each known duplicate arrives as a new item, is offered suggestions, and is marked a duplicate of its original
// (as triage would), so a later duplicate of the same original is still compared with the original, not with it.

async function store(projectId: string, reports: (Report & { status?: "new" | "spam" })[]) {
  const subs: Submission[] = reports.map((r) => ({ projectId, source: "form", type: r.type, title: r.title, body: r.body, status: r.status }));
  return db.$transaction((tx) => insertSubmissions(tx, projectId, subs));
}

function expectWellFormed(list: TDuplicateSuggestion[]) {
  for (const s of list) {
    expect(s.score).toBeGreaterThanOrEqual(0.1);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(Math.round(s.score * 100) / 100).toBe(s.score);
    expect(s.ref).toMatch(/^FB-\d+$/);
  }
  const scores = list.map((s) => s.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe("suggestDuplicates", () => {
  it("puts the original among the first three for most duplicates written in other words", async () => {
    const { project } = await projectWithRoles();
    const stored = await store(project.id, ORIGINALS);
    const originalId = new Map(ORIGINALS.flatMap((o, i) => (o.key ? [[o.key, stored[i].id] as const] : [])));
    expect(originalId.size).toBeGreaterThanOrEqual(15);

    let top3 = 0;
    let top1 = 0;
    const trueScores: number[] = [];
    const misses: string[] = [];
    for (const dup of DUPLICATES) {
      const [item] = await store(project.id, [dup]);
      const suggestions = await suggestDuplicates(db, { id: item.id, projectId: project.id, title: dup.title, body: dup.body });
      expectWellFormed(suggestions);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      expect(suggestions.map((s) => s.id)).not.toContain(item.id);
      const want = originalId.get(dup.of)!;
      const at = suggestions.findIndex((s) => s.id === want);
      if (at >= 0) {
        top3++;
        trueScores.push(suggestions[at].score);
      } else misses.push(`"${dup.title}" (got ${suggestions.map((s) => `${s.title} ${s.score}`).join("; ")})`);
      if (at === 0) top1++;
      await db.feedbackItem.update({ where: { id: item.id }, data: { status: "duplicate", duplicateOfId: want } });
    }
    const n = DUPLICATES.length;
    const pct = (k: number) => `${k}/${n} (${Math.round((100 * k) / n)}%)`;
    console.log(`duplicates: top-3 ${pct(top3)}, top-1 ${pct(top1)} over ${ORIGINALS.length} stored reports; missed: ${misses.join(" | ") || "none"}`);
    // Measured (PostgreSQL 15): top-3 21/22 (95%), top-1 16/22 (73%). The bars sit one miss below: trigram similarity
    // alone reaches the top-3 bar but not the top-1 one (13/22), ts_rank alone neither (18/22, 14/22).
    expect(top3 / n).toBeGreaterThanOrEqual(0.9);
    expect(top1 / n).toBeGreaterThanOrEqual(0.68);

    // Reports with no duplicate in the set: their best suggestion typically scores below a typical true match.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const lonerBest: number[] = [];
    for (const loner of LONERS) {
      const suggestions = await suggestDuplicates(db, { projectId: project.id, title: loner.title, body: loner.body });
      expectWellFormed(suggestions);
      lonerBest.push(suggestions[0]?.score ?? 0);
    }
    console.log(`true matches' median score ${median(trueScores)}; reports without a duplicate, best score: ${lonerBest.join(", ")}`);
    expect(median(lonerBest)).toBeLessThan(median(trueScores));
  });

  it("never suggests the item itself, spam, items marked duplicate or other projects' items; declined ones may be", async () => {
    const { project } = await projectWithRoles();
    const other = await projectWithRoles();
    const text = { type: "bug" as const, title: "Checkout button does nothing on iPhone", body: "Tapping 'Place order' in Safari on iOS 17 does nothing." };
    const [original, copy, spam, markedDuplicate, declined] = await store(project.id, [
      text,
      text,
      { ...text, status: "spam" },
      text,
      { type: "bug", title: "Checkout button does nothing on iPad", body: "Tapping 'Place order' in Safari on iPadOS does nothing." },
    ]);
    await store(other.project.id, [text]);
    await db.feedbackItem.update({ where: { id: markedDuplicate.id }, data: { status: "duplicate", duplicateOfId: original.id } });
    await db.feedbackItem.update({ where: { id: declined.id }, data: { status: "declined", declineReason: "Same as the iPhone one" } });
    expect(spam.status).toBe("spam");

    const forCopy = await suggestDuplicates(db, { id: copy.id, projectId: project.id, ...text }, 10);
    expectWellFormed(forCopy);
    expect(forCopy.map((s) => s.id)).toEqual([original.id, declined.id]);
    expect(forCopy[0]).toEqual({ id: original.id, ref: original.ref, title: text.title, status: "new", voteCount: 0, score: 1 });
    expect(forCopy[1].status).toBe("declined");
    expect(forCopy[1].score).toBeLessThan(1);

    // Without an id (a report not stored yet) the stored copy is a candidate like any other; the limit holds.
    const unsaved = await suggestDuplicates(db, { projectId: project.id, ...text }, 2);
    expect(unsaved.map((s) => s.id)).toEqual([original.id, copy.id]);
    expect(unsaved.map((s) => s.score)).toEqual([1, 1]);
  });

  it("copes with texts that have no lexemes or tsquery syntax in them", async () => {
    const { project } = await projectWithRoles();
    const [stopWords, syntax] = await store(project.id, [
      { type: "question", title: "Is it on?", body: "" },
      { type: "bug", title: String.raw`C:\Users\o'neil "it's" | & ! :* <-> (a)`, body: String.raw`path\to\file 'quoted' a:b a|b !x` },
    ]);
    // "Is it on?" is only stop words: no full-text query at all, the title trigram index still finds the same words.
    const forStopWords = await suggestDuplicates(db, { projectId: project.id, title: "is it on", body: "" });
    expectWellFormed(forStopWords);
    expect(forStopWords.map((s) => s.id)).toContain(stopWords.id);
    const forSyntax = await suggestDuplicates(db, { projectId: project.id, title: String.raw`C:\Users\o'neil "it's" | & ! :*`, body: String.raw`path\to\file a|b` });
    expectWellFormed(forSyntax);
    expect(forSyntax[0].id).toBe(syntax.id);
    expect(await suggestDuplicates(db, { projectId: project.id, title: "", body: "" })).toEqual([]);
  });
});
