// The worker stores "Could not reach <url>: <code>"; people get a sentence, the code stays available on demand.

const REASONS: Record<string, (host: string) => string> = {
  ECONNREFUSED: (h) => `Nothing answers at ${h} — is the server running, and on that port?`,
  UND_ERR_SOCKET: (h) => `${h} closed the connection before answering. Check that the server speaks HTTP on that port.`,
  ECONNRESET: (h) => `${h} dropped the connection. Check the server's logs, then test again.`,
  ENOTFOUND: (h) => `The name ${h} does not resolve. Check the base URL for typos.`,
  EAI_AGAIN: (h) => `The name ${h} could not be looked up right now. Check DNS, then test again.`,
  EHOSTUNREACH: (h) => `${h} cannot be reached from the worker's network.`,
  ETIMEDOUT: (h) => `${h} did not accept the connection in time. Check firewalls and the port.`,
  UND_ERR_CONNECT_TIMEOUT: (h) => `${h} did not accept the connection in time. Check firewalls and the port.`,
  CERT_HAS_EXPIRED: (h) => `The TLS certificate of ${h} has expired.`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (h) => `${h} uses a self-signed certificate, which the worker does not trust.`,
};

export function explainConnectionError(raw: string | null): { sentence: string; code?: string } | null {
  if (!raw) return null;
  const m = /^Could not reach (\S+): (.+)$/.exec(raw);
  if (!m) return { sentence: raw };
  let host = m[1];
  try {
    host = new URL(m[1]).host;
  } catch {
    /* keep the text as given */
  }
  const code = m[2].trim();
  const explain = REASONS[code];
  if (explain) return { sentence: explain(host), code };
  if (/^No answer within/.test(code)) return { sentence: `${host}: ${code.charAt(0).toLowerCase()}${code.slice(1)}. Is it overloaded or blocked?` };
  return { sentence: `Could not reach ${host}.`, code };
}
