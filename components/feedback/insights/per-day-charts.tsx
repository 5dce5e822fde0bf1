"use client";

import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SEVERITY_KEYS, SEVERITY_TITLES, TYPE_KEYS, TYPE_TITLES, formatStatDay, type PerDay } from "./mappers";

// Loaded with React.lazy after hydration (insights-view.tsx): Recharts stays out of the page's first-load JavaScript.
// One component per chart. Each series has its own fill pattern as well as its colour (never colour alone); the text
// summary and the table beside each chart carry the same figures.

const palette = [
  "[--s1:var(--color-red-600)] [--s2:var(--color-indigo-600)] [--s3:var(--color-amber-500)] [--s4:var(--color-emerald-600)]",
  "[--v1:var(--color-red-700)] [--v2:var(--color-orange-500)] [--v3:var(--color-sky-600)] [--v4:var(--color-zinc-500)]",
  "[--chart-grid:var(--color-zinc-200)] [--chart-text:var(--color-zinc-600)] [--chart-ink:var(--color-white)]",
  "dark:[--s1:var(--color-red-400)] dark:[--s2:var(--color-indigo-400)] dark:[--s3:var(--color-amber-300)] dark:[--s4:var(--color-emerald-400)]",
  "dark:[--v1:var(--color-red-400)] dark:[--v2:var(--color-orange-300)] dark:[--v3:var(--color-sky-400)] dark:[--v4:var(--color-zinc-400)]",
  "dark:[--chart-grid:var(--color-zinc-800)] dark:[--chart-text:var(--color-zinc-400)] dark:[--chart-ink:var(--color-zinc-950)]",
].join(" ");
const text = { fill: "var(--chart-text)", fontSize: 12 };
const tooltip = { background: "var(--color-white)", border: "1px solid var(--chart-grid)", borderRadius: 6, color: "var(--color-zinc-900)" };

type Shape = "solid" | "stripes" | "dots" | "cross";
const SHAPES: Shape[] = ["solid", "stripes", "dots", "cross"];

/** A fill: the series colour with a mark drawn over it in the page's background colour. */
function Pattern({ id, colour, shape }: { id: string; colour: string; shape: Shape }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={shape === "stripes" ? "rotate(45)" : undefined}>
      <rect width="6" height="6" fill={colour} />
      {shape === "stripes" && <rect width="2" height="6" fill="var(--chart-ink)" fillOpacity="0.55" />}
      {shape === "dots" && <circle cx="3" cy="3" r="1.2" fill="var(--chart-ink)" fillOpacity="0.65" />}
      {shape === "cross" && <path d="M0 0L6 6M6 0L0 6" stroke="var(--chart-ink)" strokeOpacity="0.55" strokeWidth="1" />}
    </pattern>
  );
}

function Stacked({ data, keys, titles, colours }: { data: PerDay[]; keys: readonly string[]; titles: Record<string, string>; colours: string[] }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const many = data.length > 45;
  return (
    <div className={`h-64 w-full ${palette}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={many ? 1 : "15%"}>
          <defs>
            {keys.map((k, i) => (
              <Pattern key={k} id={`${uid}-${k}`} colour={colours[i]} shape={SHAPES[i]} />
            ))}
          </defs>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatStatDay(d)} tick={text} minTickGap={24} stroke="var(--chart-grid)" />
          <YAxis tick={text} width={36} allowDecimals={false} stroke="var(--chart-grid)" />
          <Tooltip labelFormatter={(d) => formatStatDay(String(d), true)} contentStyle={tooltip} cursor={{ fill: "var(--chart-grid)", fillOpacity: 0.5 }} />
          <Legend itemSorter={(item) => keys.indexOf(String(item.dataKey))} wrapperStyle={{ fontSize: 12, color: "var(--chart-text)" }} />
          {keys.map((k, i) => (
            <Bar key={k} dataKey={k} name={titles[k]} stackId="all" fill={`url(#${uid}-${k})`} stroke={colours[i]} strokeWidth={many ? 0 : 0.5} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TypeChart({ data }: { data: PerDay[] }) {
  return <Stacked data={data} keys={TYPE_KEYS} titles={TYPE_TITLES} colours={["var(--s1)", "var(--s2)", "var(--s3)", "var(--s4)"]} />;
}

export function SeverityChart({ data }: { data: PerDay[] }) {
  return <Stacked data={data} keys={SEVERITY_KEYS} titles={SEVERITY_TITLES} colours={["var(--v1)", "var(--v2)", "var(--v3)", "var(--v4)"]} />;
}

/** Both charts behind one lazy import (each lazy() wrapper costs first-load bytes). */
export default function PerDayChart({ kind, data }: { kind: "type" | "severity"; data: PerDay[] }) {
  return kind === "type" ? <TypeChart data={data} /> : <SeverityChart data={data} />;
}
