import { Stat, StatGrid, Table } from "./figures-parts";
import { count, list, ms, num, obj, str, type Json } from "./metrics";

const bucket = (b: Json, keys: [string, string][]) =>
  keys
    .map(([k, word]) => [num(b[k]), word] as const)
    .filter(([n]) => n !== null && n > 0)
    .map(([n, word]) => `${count(n)} ${word}`)
    .join(" · ") || "none";

export function LinksFigures({ metrics }: { metrics: Json }) {
  const internal = obj(metrics.internal);
  const external = obj(metrics.external);
  const slowest = list(metrics.slowest).map(obj);
  const broken = num(internal.broken);
  const limits = list(metrics.limits).map(str).filter(Boolean);
  return (
    <div className="space-y-6">
      <StatGrid>
        <Stat label="Pages crawled" value={count(num(metrics.pagesCrawled))} note={num(metrics.sitemapUrls) ? `${count(num(metrics.sitemapUrls))} from the sitemap` : undefined} />
        <Stat label="URLs checked" value={count(num(metrics.urlsChecked))} note={num(metrics.notChecked) ? `${count(num(metrics.notChecked))} not checked` : undefined} />
        <Stat label="Internal broken" value={count(broken)} note={`${count(num(internal.ok))} fine`} tone={broken ? "danger" : broken === 0 ? "success" : undefined} />
        <Stat label="External broken" value={count(num(external.broken))} note="warnings, unless set to fail" />
      </StatGrid>
      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold">Internal links and resources</dt>
          <dd className="tabular-nums text-zinc-700 dark:text-zinc-300">{bucket(internal, [["ok", "fine"], ["broken", "broken"], ["rateLimited", "rate-limited"]])}</dd>
        </div>
        <div>
          <dt className="font-semibold">External links</dt>
          <dd className="tabular-nums text-zinc-700 dark:text-zinc-300">{bucket(external, [["ok", "fine"], ["broken", "broken"], ["rateLimited", "rate-limited"], ["skipped", "not checked"]])}</dd>
        </div>
      </dl>
      {metrics.limitReached === true && <p className="text-sm text-amber-800 dark:text-amber-300">The crawl reached a limit{limits.length ? ` (${limits.join(", ")})` : ""}: some pages were checked but not crawled.</p>}
      {slowest.length > 0 && (
        <div>
          <h3 className="text-base font-semibold">Slowest pages</h3>
          <Table caption="The slowest pages and how long each took" head={["Page", "Time"]} numeric={[1]}>
            {slowest.map((s, i) => (
              <tr key={i}>
                <td className="break-all px-3 py-2 font-mono text-xs">{str(s.path) ?? "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{ms(num(s.ms))}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </div>
  );
}
