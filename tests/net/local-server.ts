import http from "node:http";
import type { AddressInfo } from "node:net";

export type Seen = { localAddress: string; host: string; path: string };

/** A loopback HTTP server for outbound-client tests; it records which local address each request arrived on. */
export async function localServer(handler: http.RequestListener, opts: { host?: string; port?: number } = {}) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ localAddress: req.socket.localAddress ?? "", host: req.headers.host ?? "", path: req.url ?? "" });
    handler(req, res);
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
