// A small real web app with zero dependencies: the thing T-Minus deploys to, checks and tests.
// Run: node examples/demo-target/server.mjs [--port 4101] [--name staging] [--version 1.4.0]
// With TMINUS_WIDGET_SRC=<T-Minus>/widget.js and TMINUS_WIDGET_KEY=<feedback key>, every page embeds the feedback widget.
import http from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const OPENAPI = readFileSync(fileURLToPath(new URL("./openapi.json", import.meta.url)), "utf8");
const MAX_BODY_BYTES = 64 * 1024;
const MAX_ITEMS = 1000; // bounded so load and fuzz runs cannot grow memory without limit
const MODES = ["ok", "slow", "failing", "down"];
const PRIORITIES = ["low", "medium", "high"];
const PAGES = {
  "/": { title: "Home", heading: (n) => `Welcome to Acme ${n}` },
  "/pricing": { title: "Pricing", heading: () => "Pricing" },
  "/about": { title: "About", heading: () => "About Acme" },
  "/changelog": { title: "Changelog", heading: () => "Changelog" },
};
const MAX_COMMENT_CHARS = 500;

// PLANTED PROBLEMS (deliberate, for QA demos: every QA kind should find something real here; do not fix them).
// /changelog has an image without alt text, low-contrast text (#aaa on #fff, 2.3:1), an email field without a label,
// an icon-only button without an accessible name, and a link to /docs/v1, which answers 404.
// The logo is inline (data:) so the broken link stays the page's only broken URL.
const CHANGELOG_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='120' height='32'%3E%3Crect width='120' height='32' rx='6' fill='%230645ad'/%3E%3C/svg%3E";
const CHANGELOG_BODY = `<h1>Changelog</h1>
<img src="${CHANGELOG_LOGO}" width="120" height="32">
<p style="color:#aaa">Every release of Acme, newest first.</p>
<h2>1.4.0</h2><ul><li>Faster checkout.</li><li>A new pricing page.</li></ul>
<h2>1.3.2</h2><ul><li>Fixes a crash when the cart is empty.</li></ul>
<p>Still on the old API? Read the <a href="/docs/v1">v1 documentation</a>.</p>
<form action="/changelog" method="get"><p>Get release notes by email: <input type="email" name="email"> <button type="submit"><svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><path d="M1 8h12M9 4l4 4-4 4" stroke="currentColor" fill="none"/></svg></button></p></form>`;

// With a state file, a deployed version survives a restart of the app, as it would on a real host.
function readDeployedVersion(stateFile) {
  if (!stateFile) return null;
  mkdirSync(dirname(stateFile), { recursive: true });
  try {
    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    return typeof saved.version === "string" && /^[0-9A-Za-z.+-]{1,50}$/.test(saved.version) ? saved.version : null;
  } catch {
    return null;
  }
}

export function isLoopback(address) {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

class HttpError extends Error {
  constructor(status, field, rule, message) {
    super(message);
    this.status = status;
    this.field = field;
    this.rule = rule;
  }
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The T-Minus feedback widget, on every page when configured (npm run up and the e2e run point it at their T-Minus).
// It renders in its own shadow root, so the pages' planted problems and their clean pages stay as they are.
function widgetTag(widget) {
  return widget ? `\n<script src="${escapeHtml(widget.src)}" data-key="${escapeHtml(widget.key)}" async></script>` : "";
}

/** { src, key } checked, or null when neither is given; one without the other is a mistake worth stopping for. */
export function parseWidget(src, key) {
  if (!src && !key) return null;
  if (!src || !key) throw new Error("the feedback widget needs both TMINUS_WIDGET_SRC and TMINUS_WIDGET_KEY (or neither)");
  let url;
  try {
    url = new URL(src);
  } catch {
    throw new Error(`TMINUS_WIDGET_SRC must be an http(s) URL such as http://127.0.0.1:3000/widget.js, got ${src}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`TMINUS_WIDGET_SRC must be an http(s) URL, got ${src}`);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(key)) throw new Error("TMINUS_WIDGET_KEY must be a feedback key such as fbk_demo_acme_web");
  return { src: url.toString(), key };
}

function pageHtml(path, name, version, status, widget) {
  const page = PAGES[path];
  const title = status === 200 ? `${page.title} · Acme ${name}` : `Error ${status} · Acme ${name}`;
  const nav = Object.entries(PAGES)
    .map(([href, p]) => `<li><a href="${href}"${href === path ? ' aria-current="page"' : ""}>${p.title}</a></li>`)
    .join("");
  const body =
    status !== 200
      ? `<h1>Something went wrong</h1><p>The server answered ${status}. Please try again later.</p>`
      : path === "/pricing"
        ? `<h1>Pricing</h1><table><caption>Plans</caption><thead><tr><th scope="col">Plan</th><th scope="col">Price per month</th></tr></thead><tbody><tr><td>Starter</td><td>$0</td></tr><tr><td>Team</td><td>$29</td></tr><tr><td>Business</td><td>$99</td></tr></tbody></table>`
        : path === "/about"
          ? `<h1>About Acme</h1><p>Acme builds launch-ready widgets. This is the ${escapeHtml(name)} environment.</p>`
          : path === "/changelog"
            ? CHANGELOG_BODY
            : `<h1>${escapeHtml(page.heading(name))}</h1><p>Version <strong data-testid="version">${escapeHtml(version)}</strong> is running.</p><p><a href="/pricing">See our plans</a>.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#111;background:#fff;line-height:1.5}header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}nav ul{display:flex;gap:1rem;list-style:none;padding:0;margin:0}a{color:#0645ad}a[aria-current]{font-weight:700}table{border-collapse:collapse}th,td{border:1px solid #555;padding:.25rem .75rem;text-align:left}</style>
</head>
<body>
<header><nav aria-label="Main"><ul>${nav}</ul></nav></header>
<main>${body}</main>
<footer><p>Acme ${escapeHtml(name)} · v${escapeHtml(version)}</p></footer>${widgetTag(widget)}
</body>
</html>
`;
}

function validateItemInput(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "body", "type", "Body must be a JSON object");
  }
  for (const key of Object.keys(body)) {
    if (key !== "name" && key !== "priority") {
      throw new HttpError(400, key, "additionalProperties", `Unknown field "${key}"`);
    }
  }
  const { name, priority } = body;
  if (name === undefined) throw new HttpError(400, "name", "required", "name is required");
  if (typeof name !== "string") throw new HttpError(400, "name", "type", "name must be a string");
  const trimmed = name.trim();
  if (trimmed.length < 1) throw new HttpError(400, "name", "minLength", "name must not be empty");
  if ([...trimmed].length > 80) throw new HttpError(400, "name", "maxLength", "name must be at most 80 characters");
  if (priority === undefined) throw new HttpError(400, "priority", "required", "priority is required");
  if (!PRIORITIES.includes(priority)) {
    throw new HttpError(400, "priority", "enum", `priority must be one of ${PRIORITIES.join(", ")}`);
  }
  return { name: trimmed, priority };
}

function validateFeedbackInput(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "body", "type", "Body must be a JSON object");
  }
  for (const key of Object.keys(body)) {
    if (key !== "rating" && key !== "comment") throw new HttpError(400, key, "additionalProperties", `Unknown field "${key}"`);
  }
  const { rating, comment } = body;
  if (rating === undefined) throw new HttpError(400, "rating", "required", "rating is required");
  // PLANTED BUG (deliberate, for QA demos: bad-input hammering should find it; do not fix). This check assumes rating
  // is a number: for a string, an object, an array, true or null, rating.toFixed is not a function, the TypeError
  // escapes and the request answers 500 instead of 400.
  if (rating.toFixed(0) !== String(rating) || rating < 1 || rating > 5) {
    throw new HttpError(400, "rating", "range", "rating must be a whole number from 1 to 5");
  }
  if (comment !== undefined) {
    if (typeof comment !== "string") throw new HttpError(400, "comment", "type", "comment must be a string");
    if ([...comment].length > MAX_COMMENT_CHARS) {
      throw new HttpError(400, "comment", "maxLength", `comment must be at most ${MAX_COMMENT_CHARS} characters`);
    }
  }
  return { rating, comment };
}

// Absolute URLs, as the sitemap protocol requires, on the host the client asked for (a proxy's name, a test's port).
function sitemapXml(hostHeader, fallbackHost) {
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(hostHeader ?? "") ? hostHeader : fallbackHost;
  const urls = Object.keys(PAGES).map((path) => `  <url><loc>${escapeHtml(`http://${host}${path}`)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      // Drain without storing so the client reads the 413 instead of a reset while still uploading.
      req.resume();
      reject(new HttpError(413, "body", "maxBytes", `Body must be at most ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new HttpError(413, "body", "maxBytes", `Body must be at most ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseControl(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "body", "type", "Body must be a JSON object");
  }
  if (!MODES.includes(body.mode)) throw new HttpError(400, "mode", "enum", `mode must be one of ${MODES.join(", ")}`);
  if (body.delayMs !== undefined && !(Number.isInteger(body.delayMs) && body.delayMs >= 0 && body.delayMs <= 60_000)) {
    throw new HttpError(400, "delayMs", "range", "delayMs must be an integer from 0 to 60000");
  }
  return { mode: body.mode, delayMs: body.delayMs ?? 1500 };
}

/**
 * Starts the demo target. `log` is called with one object per request (default: a JSON line on stdout);
 * pass `log: false` to silence it in tests.
 */
export function startDemoTarget({ port = 4101, host = "127.0.0.1", name = "demo", version = "1.4.0", log, stateFile, widget } = {}) {
  const feedbackWidget = widget ? parseWidget(widget.src, widget.key) : null;
  const writeLog = log === false ? () => {} : (log ?? ((entry) => process.stdout.write(JSON.stringify(entry) + "\n")));
  const startedAt = Date.now();
  const state = { mode: "ok", delayMs: 1500 };
  // What is deployed: changed by POST /__deploy (examples/demo-target/deploy.mjs), the way a real host swaps builds.
  const build = { version: readDeployedVersion(stateFile) ?? version, breakNextDeploy: false };
  const items = new Map();
  const feedback = new Map();
  let nextFeedbackId = 1;
  let nextId = 1;
  for (const [n, p] of [["Launch checklist", "high"], ["Status page", "medium"], ["Release notes", "low"]]) {
    const id = nextId++;
    items.set(id, { id, name: n, priority: p, createdAt: new Date(startedAt).toISOString() });
  }

  const send = (res, status, body, headers = {}) => {
    const isJson = typeof body !== "string";
    const payload = isJson ? JSON.stringify(body) : body;
    res.writeHead(status, {
      "content-type": isJson ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(payload),
      "cache-control": "no-store",
      "x-demo-target": name,
      ...headers,
    });
    res.end(payload);
  };
  const sendError = (res, err) => send(res, err.status, { error: { field: err.field, rule: err.rule, message: err.message } });
  const notFound = (field, message) => new HttpError(404, field, "notFound", message);

  async function handleControl(req, res) {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new HttpError(403, null, "loopbackOnly", "The control endpoint only answers loopback clients");
    }
    if (req.method === "GET" || req.method === "HEAD") return send(res, 200, { ...state });
    if (req.method !== "POST") throw Object.assign(new HttpError(405, null, "method", "Use GET or POST"), { allow: "GET, POST" });
    const next = parseControl(await readJson(req));
    Object.assign(state, next);
    return send(res, 200, { ...state });
  }

  // A deploy switches the build: a fresh build starts healthy, unless the next one was armed to come up broken
  // (a bad release, for demos and tests of health-verified rollback).
  async function handleDeploy(req, res) {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new HttpError(403, null, "loopbackOnly", "The deploy endpoint only answers loopback clients");
    }
    if (req.method === "GET" || req.method === "HEAD") return send(res, 200, { ...build });
    if (req.method !== "POST") throw Object.assign(new HttpError(405, null, "method", "Use GET or POST"), { allow: "GET, POST" });
    const body = await readJson(req);
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new HttpError(400, "body", "type", "Body must be a JSON object");
    if (body.breakNextDeploy !== undefined) {
      if (typeof body.breakNextDeploy !== "boolean") throw new HttpError(400, "breakNextDeploy", "type", "breakNextDeploy must be true or false");
      build.breakNextDeploy = body.breakNextDeploy;
    }
    if (body.version !== undefined) {
      if (typeof body.version !== "string" || !/^[0-9A-Za-z.+-]{1,50}$/.test(body.version)) {
        throw new HttpError(400, "version", "pattern", "version must be 1-50 letters, digits or . + -");
      }
      const previous = build.version;
      build.version = body.version;
      if (stateFile) writeFileSync(stateFile, JSON.stringify({ version: build.version, deployedAt: new Date().toISOString() }) + "\n");
      state.mode = build.breakNextDeploy ? "failing" : "ok";
      build.breakNextDeploy = false;
      return send(res, 200, { ...build, previous, mode: state.mode });
    }
    if (body.breakNextDeploy === undefined) throw new HttpError(400, "version", "required", "send version (to deploy) or breakNextDeploy");
    return send(res, 200, { ...build });
  }

  async function readJson(req) {
    const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json") {
      throw new HttpError(415, "content-type", "mediaType", "Content-Type must be application/json");
    }
    const raw = await readBody(req);
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, "body", "json", "Body is not valid JSON");
    }
  }

  async function route(req, res, url) {
    const path = url.pathname;
    const method = req.method === "HEAD" ? "GET" : req.method;
    const allow = (methods) => {
      if (!methods.includes(method)) {
        throw Object.assign(new HttpError(405, null, "method", `Use ${methods.join(" or ")}`), { allow: methods.join(", ") });
      }
    };

    if (path in PAGES) {
      allow(["GET"]);
      const status = state.mode === "failing" ? 500 : 200;
      return send(res, status, pageHtml(path, name, build.version, status, feedbackWidget));
    }
    if (path === "/health") {
      allow(["GET"]);
      const failing = state.mode === "failing";
      return send(res, failing ? 503 : 200, {
        status: failing ? "failing" : "ok",
        name,
        version: build.version,
        uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      });
    }
    if (path === "/version") {
      allow(["GET"]);
      return send(res, 200, { version: build.version });
    }
    if (path === "/openapi.json") {
      allow(["GET"]);
      return send(res, 200, JSON.parse(OPENAPI));
    }
    if (path === "/sitemap.xml") {
      allow(["GET"]);
      const fallback = `${req.socket.localAddress?.includes(":") ? `[${req.socket.localAddress}]` : req.socket.localAddress}:${req.socket.localPort}`;
      return send(res, 200, sitemapXml(req.headers.host, fallback), { "content-type": "application/xml; charset=utf-8" });
    }
    if (path === "/api/feedback") {
      allow(["POST"]);
      const input = validateFeedbackInput(await readJson(req));
      const id = nextFeedbackId++;
      feedback.set(id, { id, ...input, createdAt: new Date().toISOString() });
      if (feedback.size > MAX_ITEMS) feedback.delete(feedback.keys().next().value);
      return send(res, 201, { id, rating: input.rating });
    }
    if (path === "/api/items") {
      allow(["GET", "POST"]);
      if (method === "GET") {
        const raw = url.searchParams.get("limit");
        let limit = 20;
        if (raw !== null) {
          if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
            throw new HttpError(400, "limit", "range", "limit must be an integer from 1 to 100");
          }
          limit = Number(raw);
        }
        return send(res, 200, { items: [...items.values()].slice(0, limit), total: items.size });
      }
      const input = validateItemInput(await readJson(req));
      const id = nextId++;
      const item = { id, ...input, createdAt: new Date().toISOString() };
      items.set(id, item);
      if (items.size > MAX_ITEMS) items.delete(items.keys().next().value);
      return send(res, 201, item, { location: `/api/items/${id}` });
    }
    const match = /^\/api\/items\/([^/]+)$/.exec(path);
    if (match) {
      allow(["GET"]);
      const id = /^\d{1,15}$/.test(match[1]) ? Number(match[1]) : NaN;
      const item = items.get(id);
      if (!item) throw notFound("id", `No item with id ${match[1]}`);
      return send(res, 200, item);
    }
    throw notFound(null, `No route for ${path}`);
  }

  const server = http.createServer((req, res) => {
    const began = performance.now();
    let url;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      url = new URL("http://localhost/");
    }
    const isControl = url.pathname === "/__control" || url.pathname === "/__deploy";
    const finish = (status, extra = {}) =>
      writeLog({
        ts: new Date().toISOString(),
        method: req.method,
        path: url.pathname,
        status,
        ms: Math.round((performance.now() - began) * 10) / 10,
        ...extra,
      });

    if (!isControl && state.mode === "down") {
      req.socket.destroy();
      finish(null, { destroyed: true });
      return;
    }
    res.on("finish", () => finish(res.statusCode));

    const run = async () => {
      try {
        if (url.pathname === "/__deploy") await handleDeploy(req, res);
        else if (isControl) await handleControl(req, res);
        else await route(req, res, url);
      } catch (err) {
        if (res.headersSent) return res.destroy();
        if (err instanceof HttpError) {
          if (err.status === 413) res.setHeader("connection", "close");
          if (err.allow) res.setHeader("allow", err.allow);
          sendError(res, err);
        } else {
          console.error(err);
          sendError(res, new HttpError(500, null, "internal", "Internal server error"));
        }
      }
    };
    if (!isControl && state.mode === "slow" && state.delayMs > 0) {
      const timer = setTimeout(run, state.delayMs);
      res.on("close", () => clearTimeout(timer));
    } else {
      run();
    }
  });
  server.keepAliveTimeout = 5_000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
      resolve({
        server,
        port: actualPort,
        url: `http://${urlHost}:${actualPort}`,
        getMode: () => ({ ...state }),
        setMode: (mode, delayMs) => Object.assign(state, parseControl({ mode, delayMs })),
        close: (graceMs = 5_000) =>
          new Promise((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(port|name|version|host)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unknown argument ${argv[i]} (use --port, --name, --version, --host)`);
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const port = Number(args.port ?? process.env.PORT ?? 4101);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`demo-target: PORT must be an integer from 0 to 65535, got ${args.port ?? process.env.PORT}`);
    process.exit(2);
  }
  let widget;
  try {
    widget = parseWidget(process.env.TMINUS_WIDGET_SRC, process.env.TMINUS_WIDGET_KEY);
  } catch (err) {
    console.error(`demo-target: ${err.message}`);
    process.exit(2);
  }
  const target = await startDemoTarget({
    widget,
    port,
    host: args.host ?? process.env.HOST ?? "127.0.0.1",
    name: args.name ?? process.env.TARGET_NAME ?? "demo",
    version: args.version ?? process.env.APP_VERSION ?? "1.4.0",
    stateFile: process.env.DEMO_STATE_FILE || undefined,
  });
  console.error(`demo-target ${target.url} ready`);
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`demo-target: ${signal}, closing`);
    await target.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`demo-target: ${err.message}`);
    process.exit(1);
  });
}
