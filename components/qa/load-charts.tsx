"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TQaPoint } from "@/lib/queries/qa";

// Loaded with next/dynamic (figures-load.tsx): Recharts stays out of the run page's first-load JavaScript. One component
// per chart; the series differ in dash pattern as well as colour, and the text summary beside them says the figures.

const palette =
  "[--chart-a:var(--color-indigo-600)] [--chart-b:var(--color-amber-700)] [--chart-c:var(--color-red-700)] [--chart-grid:var(--color-zinc-200)] [--chart-text:var(--color-zinc-600)] dark:[--chart-a:var(--color-indigo-300)] dark:[--chart-b:var(--color-amber-300)] dark:[--chart-c:var(--color-red-300)] dark:[--chart-grid:var(--color-zinc-800)] dark:[--chart-text:var(--color-zinc-400)]";
const text = { fill: "var(--chart-text)", fontSize: 12 };
const tooltip = { background: "var(--color-white)", border: "1px solid var(--chart-grid)", borderRadius: 6, color: "var(--color-zinc-900)" };
const second = (t: unknown) => `${t} s`;

export function RpsChart({ points }: { points: TQaPoint[] }) {
  return (
    <div className={`h-56 w-full ${palette}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={second} tick={text} minTickGap={24} stroke="var(--chart-grid)" />
          <YAxis yAxisId="rps" tick={text} width={56} allowDecimals={false} stroke="var(--chart-grid)" />
          <YAxis yAxisId="errors" orientation="right" tick={text} width={40} allowDecimals={false} stroke="var(--chart-grid)" />
          <Tooltip labelFormatter={(t) => `Second ${t}`} formatter={(v, name) => [name === "Errors" ? `${v}` : `${v}/s`, name]} contentStyle={tooltip} />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--chart-text)" }} />
          <Line yAxisId="rps" type="monotone" dataKey="rps" name="Requests per second" stroke="var(--chart-a)" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line yAxisId="errors" type="stepAfter" dataKey="errors" name="Errors" stroke="var(--chart-c)" strokeWidth={2} strokeDasharray="2 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LatencyChart({ points }: { points: TQaPoint[] }) {
  return (
    <div className={`h-56 w-full ${palette}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={second} tick={text} minTickGap={24} stroke="var(--chart-grid)" />
          <YAxis tick={text} width={64} unit=" ms" stroke="var(--chart-grid)" />
          <Tooltip labelFormatter={(t) => `Second ${t}`} formatter={(v, name) => [`${v} ms`, name]} contentStyle={tooltip} />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--chart-text)" }} />
          <Line type="monotone" dataKey="p50" name="p50" stroke="var(--chart-a)" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="p95" name="p95" stroke="var(--chart-b)" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="p99" name="p99" stroke="var(--chart-c)" strokeWidth={2} strokeDasharray="2 3" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Both charts behind one lazy import. */
export function LoadCharts({ points }: { points: TQaPoint[] }) {
  return (
    <div className="grid min-w-0 gap-6 lg:grid-cols-2">
      <figure className="min-w-0">
        <figcaption className="mb-2 text-sm font-medium">Requests per second (left) and errors (right)</figcaption>
        <RpsChart points={points} />
      </figure>
      <figure className="min-w-0">
        <figcaption className="mb-2 text-sm font-medium">Latency per second (p50, p95, p99)</figcaption>
        <LatencyChart points={points} />
      </figure>
    </div>
  );
}
