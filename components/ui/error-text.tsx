import type { ReactNode } from "react";
import { ApiError } from "@/lib/queries/api";

const BY_CODE: Record<string, string> = {
  forbidden: "Your role in this project does not allow this. Ask a project admin if you need it.",
  unauthenticated: "Your session has ended. Sign in again, then retry.",
  not_found: "It no longer exists; someone may have removed it. Reload the page to see the current state.",
  rate_limited: "Too many requests in a short time. Wait a minute, then try again.",
  network: "Could not reach the T-Minus server. Check your connection and try again.",
};

/** A sentence for people from an API error; the server's own words and code go behind "Technical details". */
export function explainError(error: unknown, fallback = "Something went wrong. Try again.") {
  if (!(error instanceof ApiError)) return { sentence: fallback, code: undefined, detail: undefined };
  const sentence = BY_CODE[error.code] ?? (error.status >= 500 ? "The server failed to do this. Try again; if it keeps failing, tell your T-Minus admin." : error.message);
  return { sentence, code: error.code, detail: sentence === error.message ? undefined : error.message };
}

export function TechnicalDetails({ code, detail, requestId }: { code?: string; detail?: string; requestId?: string }) {
  if (!code && !detail) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="text-zinc-700 underline-offset-2 hover:underline dark:text-zinc-300">Technical details</summary>
      <p className="mt-1 break-all font-mono">
        {code}
        {detail && ` — ${detail}`}
        {requestId && ` (request ${requestId})`}
      </p>
    </details>
  );
}

/** The sentence and, on demand, the code: for inline errors beside a button or in a row. */
export function ErrorText({ error, fallback, className = "" }: { error: unknown; fallback?: string; className?: string }): ReactNode {
  const { sentence, code, detail } = explainError(error, fallback);
  return (
    <div role="alert" className={`text-sm font-medium text-red-700 dark:text-red-400 ${className}`}>
      <p>{sentence}</p>
      <TechnicalDetails code={code} detail={detail} requestId={error instanceof ApiError ? error.requestId : undefined} />
    </div>
  );
}
