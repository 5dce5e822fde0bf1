import { formatMs, sparklinePoints } from "./format";

const W = 120;
const H = 28;

/** Hand-rolled so the overview loads no chart library; the label says what the line shows. */
export function Sparkline({ values, down }: { values: number[]; down?: boolean }) {
  const points = sparklinePoints(values, W, H);
  if (!points) return <span className="text-xs text-zinc-600 dark:text-zinc-400">Not enough runs yet</span>;
  const label = `Latency of the last ${values.length} runs: ${formatMs(Math.min(...values))} to ${formatMs(Math.max(...values))}, latest ${formatMs(values.at(-1) ?? null)}`;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} width={W} height={H} className={`shrink-0 ${down ? "text-red-700 dark:text-red-400" : "text-indigo-600 dark:text-indigo-300"}`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
