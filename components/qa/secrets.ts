import type { FieldIssue } from "@/lib/queries/api";

// A load test's secret headers (Authorization, Cookie, API keys): sent as the request body's top-level `secrets`
// (header name → value), never inside settings, and read back only as `secretKeys` (names). Kept apart from
// settings.ts because they are not settings: the API stores them encrypted and never returns a value.

export type SecretRow = { key: number; name: string; value: string };
/** A null value removes that saved secret from a profile (the API merges a PATCH's secrets into the saved ones). */
export type WithSecrets = { secrets?: Record<string, string | null> };

// The load engine writes headers raw onto the socket (lib/qa/engines/load-settings.ts): names are HTTP tokens, values
// one line, and the framing headers are its own.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set(["host", "content-length", "transfer-encoding", "connection"]);

/** Form error key for one row's problem. */
export const secretRowKey = (index: number) => `secrets.${index}`;

/**
 * The rows as the API's `secrets` object (undefined when there are none), or what is wrong with them, keyed by row.
 * A row left entirely blank is ignored, so an added-then-unused row never blocks the form.
 */
export function buildSecrets(rows: SecretRow[]): { secrets?: Record<string, string>; errors: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = row.name.trim();
    if (!name && !row.value) return;
    const problem = !name
      ? "Name the header, such as Authorization."
      : !TOKEN.test(name)
        ? `“${name}” is not a header name: letters, digits and - only, no spaces or colon.`
        : RESERVED.has(name.toLowerCase())
          ? `${name} is set by T-Minus itself.`
          : seen.has(name.toLowerCase())
            ? `${name} is already listed above.`
            : !row.value
              ? `Give ${name} a value, or remove the row.`
              : /[\r\n\0]/.test(row.value)
                ? `The value of ${name} must be one line.`
                : null;
    seen.add(name.toLowerCase());
    if (problem) errors[secretRowKey(i)] = problem;
    else secrets[name] = row.value;
  });
  return { secrets: Object.keys(secrets).length && !Object.keys(errors).length ? secrets : undefined, errors };
}

/** The API's issue about `secrets` (path "secrets" or "secrets.<name>…") on the row with that name, else on the list. */
export function placeSecretIssue(issue: FieldIssue, rows: SecretRow[]): [key: string, message: string] | null {
  if (issue.path !== "secrets" && !issue.path.startsWith("secrets.")) return null;
  const name = issue.path.split(".")[1]?.toLowerCase();
  const index = name === undefined ? -1 : rows.findIndex((r) => r.name.trim().toLowerCase() === name);
  const message = issue.message ? `${issue.message[0].toUpperCase()}${issue.message.slice(1)}${/[.!?]$/.test(issue.message) ? "" : "."}` : issue.message;
  return [index >= 0 ? secretRowKey(index) : "secrets", index < 0 && name ? `${issue.path.split(".")[1]}: ${message}` : message];
}

/** A run's or profile's `secretKeys`, if the API sends them (older servers do not): names only, never values. */
export function secretKeysOf(x: unknown): string[] {
  const keys = x && typeof x === "object" ? (x as { secretKeys?: unknown }).secretKeys : undefined;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string" && k !== "") : [];
}
