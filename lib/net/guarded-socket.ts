import net, { isIP } from "node:net";
import tls from "node:tls";
import { CONNECT_ERRORS, resolveChecked, type LookupFn } from "./guarded-fetch";
import { describeNetError, GuardedFetchError } from "./errors";
import type { NetworkPolicy } from "./policy";

export type GuardedSocketOptions = {
  policy: NetworkPolicy;
  /** For DNS, the connection and (for TLS) the handshake together. */
  timeoutMs: number;
  /** Replaces DNS (tests). */
  lookup?: LookupFn;
  /** The caller's cancellation: stops at once. */
  signal?: AbortSignal;
};

export type GuardedTlsOptions = GuardedSocketOptions & {
  /** Certificate authorities trusted on top of Node's bundled ones (a private CA, or a test's). */
  extraCa?: string[];
  /**
   * Default true: an untrusted certificate fails the connection. False hands back the socket anyway, so the caller
   * can read the certificate and `authorizationError` (a TLS probe reports why it is not trusted).
   */
  rejectUnauthorized?: boolean;
};

export type GuardedSocket<S extends net.Socket> = { socket: S; address: string };

/**
 * A TCP connection under the network policy, as guardedFetch makes them: the host is resolved once, every address
 * is checked, and the socket goes to a checked address. Failures are GuardedFetchErrors with a sentence for people.
 */
export function guardedConnect(host: string, port: number, options: GuardedSocketOptions): Promise<GuardedSocket<net.Socket>> {
  return connectChecked(new URL(`http://${urlHost(host)}:${port}`), options, "connect", (address) => net.connect({ host: address, port }));
}

/** A TLS connection under the network policy; SNI and the certificate's name check use `host`, not the address. */
export function guardedTlsConnect(host: string, port: number, options: GuardedTlsOptions): Promise<GuardedSocket<tls.TLSSocket>> {
  const name = bare(host);
  return connectChecked(new URL(`https://${urlHost(host)}:${port}`), options, "secureConnect", (address) =>
    tls.connect({
      host: address,
      port,
      // Without servername Node checks the certificate against `host`, which is then the IP the probe was given.
      ...(isIP(name) ? {} : { servername: name }),
      ...(options.extraCa?.length ? { ca: [...tls.rootCertificates, ...options.extraCa] } : {}),
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    }),
  );
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1");
const urlHost = (host: string) => (bare(host).includes(":") ? `[${bare(host)}]` : bare(host));

async function connectChecked<S extends net.Socket>(
  target: URL,
  options: GuardedSocketOptions,
  ready: "connect" | "secureConnect",
  open: (address: string) => S,
): Promise<GuardedSocket<S>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs);
  const cancel = () => abort.abort();
  if (options.signal?.aborted) abort.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  try {
    const addresses = await resolveChecked(target, options, abort.signal, options.timeoutMs);
    for (let i = 0; ; i++) {
      try {
        return { socket: await opened(open(addresses[i]), ready, abort.signal), address: addresses[i] };
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (CONNECT_ERRORS.has(code) && i + 1 < addresses.length && !abort.signal.aborted) continue;
        throw describeNetError(error, target, options.timeoutMs, addresses[i]);
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw new GuardedFetchError("cancelled", `The connection to ${target.host} was cancelled.`, target.toString());
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

/** Resolves once the socket is ready; on an error or an abort the socket is destroyed and the promise rejects. */
function opened<S extends net.Socket>(socket: S, ready: "connect" | "secureConnect", signal: AbortSignal): Promise<S> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      signal.removeEventListener("abort", onAbort);
      socket.off("error", settle);
      socket.off(ready, onReady);
      if (error === undefined) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onReady = () => settle();
    const onAbort = () => settle(Object.assign(new Error("timeout"), { code: "timeout" }));
    socket.once(ready, onReady);
    socket.once("error", settle);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}
