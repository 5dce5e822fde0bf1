import { env } from "../env";

// JSON lines on stdout. Keys that may hold secrets are masked by name, whatever the caller passes.
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;
const SECRET_KEY = /secret|token|password|authorization|cookie|hook|apikey|api_key|key$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  // Past the depth limit nothing is inspected, so nothing is passed through either.
  if (depth > 6) return "[truncated]";
  if (value instanceof Date) return value.toISOString();
  // Error messages are kept; their own fields (which may carry request options) go through the same masking.
  if (value instanceof Error) return { name: value.name, message: value.message, ...(redact({ ...value }, depth + 1) as object) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  let threshold: Level = "info";
  try {
    threshold = env.LOG_LEVEL;
  } catch {
    /* logging must work even when configuration is invalid */
  }
  if (levels[level] < levels[threshold]) return;
  // ts, level and msg come first and cannot be replaced by a field of the same name; BigInts (raw SQL counts) are
  // written as text, since JSON.stringify throws on them and logging must never throw.
  const head = { ts: new Date().toISOString(), level, msg };
  const line = JSON.stringify(Object.assign({ ...head }, redact(fields), head), (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, f?: Record<string, unknown>) => write("debug", msg, f),
  info: (msg: string, f?: Record<string, unknown>) => write("info", msg, f),
  warn: (msg: string, f?: Record<string, unknown>) => write("warn", msg, f),
  error: (msg: string, f?: Record<string, unknown>) => write("error", msg, f),
};
