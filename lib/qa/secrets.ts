import { decryptSecrets, encryptSecrets, type SecretBinding } from "../crypto/secrets";
import { ValidationError } from "../errors";
import { CREDENTIAL_HEADERS } from "./engines/load-settings";
import type { TQaKind } from "./schemas";

// Secret request headers of QA runs and profiles. Each row's secrets are sealed to that row (a profile's are re-sealed
// to every run it starts), so an envelope copied onto another row does not open. Only load tests send them.

export const qaRunBinding = (projectId: string, runId: string): SecretBinding => ({ projectId, targetId: `qa-run:${runId}` });
export const qaProfileBinding = (projectId: string, profileId: string): SecretBinding => ({ projectId, targetId: `qa-profile:${profileId}` });

export type Sealed = { secretKeys: string[]; secretsEncrypted: string | null };

export function sealQaSecrets(secrets: Record<string, string>, binding: SecretBinding): Sealed {
  const secretKeys = Object.keys(secrets).sort();
  return { secretKeys, secretsEncrypted: secretKeys.length ? encryptSecrets(secrets, binding) : null };
}

export const openQaSecrets = (envelope: string | null, binding: SecretBinding): Record<string, string> => (envelope ? decryptSecrets(envelope, binding) : {});

/** Secrets are headers a load test sends; other kinds would store them and never use them. */
export function refuseSecretsFor(kind: TQaKind, secrets: Record<string, unknown> | undefined) {
  if (kind === "load" || !secrets || !Object.values(secrets).some((v) => v !== null)) return;
  throw new ValidationError([{ path: "secrets", rule: "kind_unsupported", message: `are secret request headers, which only load tests send (not ${kind} runs)` }]);
}

/**
 * Settings as members read them: a credential header saved in plain settings before secrets existed is shown hidden
 * (the stored run still sends it; saving the settings again asks for it to move to secrets).
 */
export function visibleSettings(kind: TQaKind, settings: unknown): Record<string, unknown> {
  const s = (settings ?? {}) as Record<string, unknown>;
  if (kind !== "load" || !Array.isArray(s.requests)) return s;
  const requests = s.requests.map((r: unknown) => {
    const headers = (r as { headers?: unknown } | null)?.headers;
    if (!headers || typeof headers !== "object") return r;
    const shown = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, CREDENTIAL_HEADERS.has(name.toLowerCase()) ? "(hidden)" : value]));
    return { ...(r as object), headers: shown };
  });
  return { ...s, requests };
}

/**
 * Saved secrets with a request's merged in, by header name regardless of case (HTTP ignores it): "authorization"
 * replaces a saved "Authorization" instead of sending both; a null value removes the saved one. At most 20 stay.
 */
export function mergeSecrets(saved: Record<string, string>, change: Record<string, string | null> | undefined): Record<string, string> {
  const out = { ...saved };
  for (const [name, value] of Object.entries(change ?? {})) {
    for (const key of Object.keys(out)) if (key.toLowerCase() === name.toLowerCase()) delete out[key];
    if (value !== null) out[name] = value;
  }
  if (Object.keys(out).length > 20) throw new ValidationError([{ path: "secrets", rule: "too_many", message: "would hold more than 20 headers with the saved ones" }]);
  return out;
}
