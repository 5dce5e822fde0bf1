"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LatencyPoint, WindowName } from "@/lib/queries/uptime";

// Loaded with next/dynamic (latency-panel.tsx): Recharts stays out of the page's first-load JavaScript.
// p50 solid, p95 dashed and down time as bars on their own axis: the series differ in shape, not only in colour.

const tickTime = (window: WindowName) => {
  const f = new Intl.DateTimeFormat("en-GB", window === "24h" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { day: "numeric", month: "short" });
  return (iso: string) => f.format(new Date(iso));
};
const tooltipTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });

export function LatencyChart({ points, window }: { points: LatencyPoint[]; window: WindowName }) {
  const data = points.map((p) => ({ t: p.t, p50: p.p50, p95: p.p95, down: p.downMs ? Math.round(p.downMs / 6000) / 10 : 0 }));
  const hasDown = data.some((d) => d.down > 0);
  const text = { fill: "var(--chart-text)", fontSize: 12 };
  return (
    <div className="h-72 w-full [--chart-down:var(--color-red-700)] [--chart-grid:var(--color-zinc-200)] [--chart-p50:var(--color-indigo-600)] [--chart-p95:var(--color-amber-700)] [--chart-text:var(--color-zinc-600)] dark:[--chart-down:var(--color-red-400)] dark:[--chart-grid:var(--color-zinc-800)] dark:[--chart-p50:var(--color-indigo-300)] dark:[--chart-p95:var(--color-amber-300)] dark:[--chart-text:var(--color-zinc-400)]">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={tickTime(window)} tick={text} minTickGap={32} stroke="var(--chart-grid)" />
          <YAxis yAxisId="ms" tick={text} width={64} unit=" ms" allowDecimals={false} stroke="var(--chart-grid)" />
          {hasDown && <YAxis yAxisId="down" orientation="right" tick={text} width={48} unit=" min" stroke="var(--chart-grid)" allowDecimals={false} />}
          <Tooltip
            labelFormatter={(iso) => tooltipTime.format(new Date(String(iso)))}
            formatter={(value, name) => (name === "Down" ? [`${value} min`, name] : [value === null || value === undefined ? "no runs" : `${value} ms`, name])}
            contentStyle={{ background: "var(--color-white)", border: "1px solid var(--chart-grid)", borderRadius: 6, color: "var(--color-zinc-900)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--chart-text)" }} />
          {hasDown && <Bar yAxisId="down" dataKey="down" name="Down" fill="var(--chart-down)" isAnimationActive={false} />}
          <Line yAxisId="ms" type="monotone" dataKey="p50" name="p50" stroke="var(--chart-p50)" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="ms" type="monotone" dataKey="p95" name="p95" stroke="var(--chart-p95)" strokeWidth={2} strokeDasharray="6 4" dot={false} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
