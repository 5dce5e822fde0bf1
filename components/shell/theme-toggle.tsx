"use client";

import { Moon, Sun } from "lucide-react";
import { useSyncExternalStore } from "react";

const KEY = "tminus-theme";
const EVENT = "tminus-theme-change";

function subscribe(onChange: () => void) {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  // Follow the system only while the user has not chosen a theme here.
  const onSystem = () => {
    if (!localStorage.getItem(KEY)) apply(media.matches);
  };
  media.addEventListener("change", onSystem);
  window.addEventListener(EVENT, onChange);
  return () => {
    media.removeEventListener("change", onSystem);
    window.removeEventListener(EVENT, onChange);
  };
}

function apply(dark: boolean) {
  document.documentElement.classList.toggle("dark", dark);
  window.dispatchEvent(new Event(EVENT));
}

const isDark = () => document.documentElement.classList.contains("dark");

/** The stored choice, else the system's: the same rule as the inline script in app/layout.tsx. */
export function storedDark() {
  try {
    const s = localStorage.getItem(KEY);
    return s ? s === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  } catch {
    return false;
  }
}

export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  const toggle = () => {
    const next = !isDark();
    localStorage.setItem(KEY, next ? "dark" : "light");
    apply(next);
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark}
      className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 sm:px-2.5 dark:text-zinc-200 dark:hover:bg-zinc-800"
    >
      {dark ? <Moon aria-hidden="true" className="size-4" /> : <Sun aria-hidden="true" className="size-4" />}
      {/* On a phone the words hide behind the icon (the pressed state is still announced), so the header keeps one line. */}
      <span className="sr-only sm:not-sr-only">Dark mode</span>
    </button>
  );
}
