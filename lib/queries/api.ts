export type FieldIssue = { path: string; rule: string; message: string };

/** The API's error body ({error:{code,message,issues,requestId}}) as a thrown value. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** Field path → message, for showing each issue next to its field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) out[issue.path] ??= issue.message;
    return out;
  }
}

export const API = "/api/v1";

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(API + path, {
      method: init.method ?? "GET",
      credentials: "same-origin",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach the T-Minus server; check your connection and try again");
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* non-JSON body; handled below */
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; issues?: FieldIssue[]; requestId?: string } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? "http_" + res.status, e?.message ?? `The server answered HTTP ${res.status}`, e?.issues ?? [], e?.requestId);
  }
  return json as T;
}

export const qs = (params: Record<string, string | undefined | null>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]));
  return entries.length ? "?" + new URLSearchParams(entries).toString() : "";
};
