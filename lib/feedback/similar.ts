import { db, type Tx } from "../db";
import { fbRef, type TDuplicateSuggestion, type TFeedbackStatus } from "./schemas";

// Duplicate suggestions: items of the same project that read like this one, best first, each with a score in 0..1.
// People decide; the score is shown next to each suggestion, so nothing is hidden behind a cutoff except near-noise.
//
// Candidates come through the two GIN indexes: the stored tsvector ("search") matching ANY lexeme of the new text
// (an OR query, so a report sharing a single meaningful word is a candidate), or the title trigram index (title % new
// title, pg_trgm's default threshold 0.3, which catches typos the English stemmer cannot). Spam and items already
// marked duplicate are never suggested (suggest the original instead); declined items may be, since a repeat of a
// declined idea is worth knowing about.
//
// The score is the "either says so" combination of two signals, 1 - (1 - t)(1 - r):
//   t = pg_trgm similarity of the whole texts (title + ' ' + body): robust to typos, word order and inflection;
//   r = ts_rank of the item's tsvector (title weight A, body B) against the OR query, normalised to r/(r+1) (flag 32):
//       rewards shared stemmed words, more so in titles.
// Each lies in 0..1 and so does the combination, and an identical text scores close to 1. Measured on the fixture in
// tests/feedback/fixtures/duplicate-reports.ts (22 duplicates written in other words, 42 stored reports with hard
// negatives): trigram alone put the original in the top 3 for 21/22 and first for 13/22; ts_rank alone 18/22 and
// 14/22; the combination 21/22 and 16/22. Alternatives tried and not kept (no better, or better only by tuning
// weights to this fixture): title-only similarity or word_similarity (≤ 10/22 in the top 3: people title the same
// problem differently), ts_rank_cd, trigram similarity of the stop-word-free lexemes, weighted sums.
// Texts are cut at TEXT_CHARS for both signals: a pasted log would otherwise cost time and dilute the similarity.

const TEXT_CHARS = 2000;
/**
 * Below this two texts share little more than common English. In the fixture, unrelated reports mostly score 0.1–0.3
 * and true duplicates 0.16–0.8: the score is a hint for people, not a verdict.
 */
const MIN_SCORE = 0.1;
/** How many full-text matches, best ranked first, get the (costlier) trigram comparison. */
const SHORTLIST = 200;

type Row = { id: string; number: number; title: string; status: TFeedbackStatus; voteCount: number; score: number };

export async function suggestDuplicates(
  client: Tx | typeof db,
  item: { id?: string; projectId: string; title: string; body: string },
  limit = 3,
): Promise<TDuplicateSuggestion[]> {
  const take = Math.max(1, Math.min(50, Math.floor(limit)));
  const text = `${item.title} ${item.body}`;
  // The OR query is built from the lexemes to_tsvector makes, each quoted for tsquery syntax (a quote doubled, a
  // backslash escaped; chr() avoids a second layer of escaping here). It is made first and passed to the second query
  // as a value, so the planner sees it and can pick the GIN indexes (built inside the same query it is an unknown
  // until run time). No lexemes (a title of stop words only): NULL, which matches nothing and ranks 0, so only the
  // trigram side speaks.
  const [{ words }] = await client.$queryRaw<{ words: string | null }[]>`
    SELECT NULLIF(array_to_string(ARRAY(
             SELECT chr(39) || replace(replace(l, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39)
               FROM unnest(tsvector_to_array(to_tsvector('english', left(${text}::text, ${TEXT_CHARS}::int)))) AS l), ' | '), '') AS words`;
  // Trigram similarity of two texts costs ~45 µs a row (pg_trgm splits both texts every call), ts_rank ~2 µs. An OR
  // query over every word of a report matches much of a large project, so the trigram side is computed for a
  // shortlist only: the SHORTLIST best by ts_rank, plus every title trigram match (typos the stemmer misses).
  const rows = await client.$queryRaw<Row[]>`
    WITH matched AS (
      SELECT i."id", coalesce(ts_rank(i."search", ${words}::tsquery, 32), 0) AS rank, i."title" % ${item.title}::text AS "nearTitle"
        FROM "FeedbackItem" i
       WHERE i."projectId" = ${item.projectId}
         AND i."id" <> ${item.id ?? ""}
         AND i."status" NOT IN ('spam', 'duplicate')
         AND (i."search" @@ ${words}::tsquery OR i."title" % ${item.title}::text)
    ), shortlist AS (
      (SELECT "id", rank FROM matched ORDER BY rank DESC LIMIT ${SHORTLIST})
      UNION
      SELECT "id", rank FROM matched WHERE "nearTitle"
    ), scored AS (
      SELECT i."id", i."number", i."title", i."status", i."voteCount",
             1 - (1 - similarity(left(i."title" || ' ' || i."body", ${TEXT_CHARS}::int), left(${text}::text, ${TEXT_CHARS}::int))) * (1 - s.rank) AS score
        FROM shortlist s JOIN "FeedbackItem" i ON i."id" = s."id"
    )
    SELECT "id", "number", "title", "status"::text AS "status", "voteCount", round(score::numeric, 2)::float8 AS score
      FROM scored
     WHERE score >= ${MIN_SCORE}
     ORDER BY scored.score DESC, "number" ASC
     LIMIT ${take}`;
  return rows.map((r) => ({ id: r.id, ref: fbRef(r.number), title: r.title, status: r.status, voteCount: r.voteCount, score: Number(r.score) }));
}
