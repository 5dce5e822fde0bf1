// The cockpit's panels at two scales: the project home ("page") and the war room ("room", read from across a room on
// a projector, and still one tidy column on a phone).
export type Size = "page" | "room";

export const text = {
  page: { h2: "text-lg font-semibold", h3: "text-base font-semibold", body: "text-sm", small: "text-xs", big: "text-3xl font-bold", icon: "size-4" },
  room: {
    h2: "text-xl font-bold uppercase tracking-wide sm:text-2xl 2xl:text-3xl",
    h3: "text-lg font-bold sm:text-xl 2xl:text-3xl",
    body: "text-base sm:text-lg 2xl:text-2xl",
    small: "text-sm sm:text-base 2xl:text-xl",
    big: "text-5xl font-black 2xl:text-7xl",
    icon: "size-5 2xl:size-7",
  },
} as const;

export const panel = {
  page: "rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900",
  room: "rounded-xl border-2 border-zinc-300 bg-white p-4 sm:p-6 dark:border-zinc-700 dark:bg-zinc-900",
} as const;

export const muted = "text-zinc-700 dark:text-zinc-300";
export const link = "font-semibold text-indigo-700 underline underline-offset-2 hover:no-underline dark:text-indigo-300";
