/** A failed outbound request: `message` is a sentence for people, `code` the technical cause kept for logs and UI. */
export class GuardedFetchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly url: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = "GuardedFetchError";
  }
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO$)/;

function codeOf(error: unknown): string {
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  if (e?.name === "AbortError" || e?.code === "ABORT_ERR") return "timeout";
  return e?.code ?? e?.cause?.code ?? e?.name ?? "unknown";
}

/** Maps a socket, DNS or TLS failure to a sentence that says what happened and what to check. */
export function describeNetError(error: unknown, url: URL, timeoutMs: number, address?: string): GuardedFetchError {
  if (error instanceof GuardedFetchError) return error;
  const code = codeOf(error);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const where = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const message = (() => {
    if (code === "timeout") return `No answer from ${where} within ${timeoutMs / 1000} s — is the server up and reachable from the worker?`;
    if (code === "ECONNREFUSED") return `Nothing answers at ${where} — is the server running?`;
    if (code === "ENOTFOUND" || code === "EAI_NONAME" || code === "ENODATA") {
      return `The name ${host} does not resolve to any address — check the spelling of the URL.`;
    }
    if (code === "EAI_AGAIN") return `DNS did not answer for ${host} — try again in a moment.`;
    if (code === "ECONNRESET" || code === "EPIPE") return `${where} closed the connection before answering.`;
    if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `The worker has no route to ${where} — is the address right?`;
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `The TLS certificate of ${where} is not valid for the name ${host}.`;
    if (code === "CERT_HAS_EXPIRED") return `The TLS certificate of ${where} has expired.`;
    if (code === "EPROTO" || code.startsWith("ERR_SSL_")) return `The TLS handshake with ${where} failed — does it serve HTTPS on this port?`;
    if (TLS_CODE.test(code)) return `The TLS certificate of ${where} is not trusted by the worker.`;
    if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_")) return `${where} did not answer with valid HTTP — does it serve HTTP on this port?`;
    return `Could not reach ${where}: ${(error as Error)?.message ?? String(error)}.`;
  })();
  return new GuardedFetchError(code, message, url.toString(), address);
}
