// The small JSON path a check may assert on: "$", then ".name" or "[index]" steps (see ZHttpSettings.jsonPath).

type Step = { key: string } | { index: number };

const STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]/y;
const SHOWN_MAX = 200;

/** The steps of a path, or null if it is not in the syntax above. */
export function parseJsonPath(path: string): Step[] | null {
  if (!path.startsWith("$")) return null;
  const steps: Step[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(path);
    if (!match || match.index !== at) return null;
    steps.push(match[1] !== undefined ? { key: match[1] } : { index: Number(match[2]) });
  }
  return steps;
}

/** The value at the path, or `found: false` when a step has nothing to go into (a missing key, an index past the end). */
export function evaluateJsonPath(steps: Step[], root: unknown): { found: true; value: unknown } | { found: false } {
  let value = root;
  for (const step of steps) {
    if ("key" in step) {
      if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, step.key)) return { found: false };
      value = (value as Record<string, unknown>)[step.key];
    } else {
      if (!Array.isArray(value) || step.index >= value.length) return { found: false };
      value = value[step.index];
    }
  }
  return { found: true, value };
}

/** How a value compares with the expected text: strings as they are, everything else as JSON (42, true, null, {"a":1}). */
export function jsonText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Checks that the value at `path` in a JSON body reads as `equals`; on failure, a sentence saying what was found. */
export function assertJsonPath(
  body: string,
  { path, equals }: { path: string; equals: string },
): { ok: true; actual: string } | { ok: false; error: string } {
  const steps = parseJsonPath(path);
  if (!steps) return { ok: false, error: `"${path}" is not a JSON path like "$.status" or "$.items[0].ok".` };
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    return { ok: false, error: `The body is not JSON, so ${path} could not be read.` };
  }
  const found = evaluateJsonPath(steps, root);
  if (!found.found) return { ok: false, error: `${path} is missing from the body; expected ${quote(equals)}.` };
  const actual = jsonText(found.value);
  if (actual !== equals) return { ok: false, error: `${path} was ${quote(actual)}; expected ${quote(equals)}.` };
  return { ok: true, actual };
}

const quote = (text: string) => JSON.stringify(text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text);
