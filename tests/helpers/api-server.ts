import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { ROUTES } from "@/lib/api/routes";
import { handle } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/api/openapi";

// The REST API on a real loopback port, routed the way app/api/v1 routes it (static segments before parameters),
// so clients that speak HTTP (the CLI) are tested against the same handlers, without a Next build.
const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/[.]/g, "\\.").replace(/\{(\w+)\}/g, (_, name) => (names.push(name), "([^/]+)"));
  return { route, names, regex: new RegExp(`^/api/v1${pattern}$`), specificity: route.path.split("{").length };
}).sort((a, b) => a.specificity - b.specificity);

export async function startApiServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // A client that hangs up aborts the request, as Next does, so a live stream ends and frees its slot.
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    let response: Response;
    if (url.pathname === "/api/v1/openapi.json") response = Response.json(openApiDocument());
    else {
      const match = compiled.find((c) => c.route.method === req.method && c.regex.test(url.pathname));
      if (!match) response = new Response("not found", { status: 404 });
      else {
        const values = match.regex.exec(url.pathname)!.slice(1).map(decodeURIComponent);
        const params = Object.fromEntries(match.names.map((n, i) => [n, values[i]]));
        const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])));
        // A NextRequest, as Next hands route handlers: next-auth reads the session cookie through its `cookies`.
        const request = new NextRequest(url.toString().replace("http://127.0.0.1", `http://${req.headers.host}`), {
          method: req.method,
          headers,
          body: chunks.length && req.method !== "GET" ? Buffer.concat(chunks) : undefined,
          signal: gone.signal,
        });
        response = await handle(match.route)(request, { params: Promise.resolve(params) });
      }
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    // Streamed as it is produced (server-sent events never end), not buffered.
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        res.write(value);
      }
    } catch {
      /* the stream ended with an error, or the client left */
    } finally {
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
