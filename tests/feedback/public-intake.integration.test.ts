import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { handle, type Method } from "@/lib/api/handler";
import { ensureFeedbackSettings } from "@/lib/feedback/intake";
import { FEEDBACK_PUBLIC_ROUTES } from "@/lib/feedback/intake-routes";
import { buildRequest, uid } from "@/tests/helpers/fixtures";

// The public endpoint as Next calls it: the real handler wrapper, a real database, the shared Redis (by prefix).

async function intakeProject(allowedOrigins: string[] = []) {
  const project = await db.project.create({ data: { name: `Shop ${uid()}`, slug: `shop-${uid()}` } });
  const settings = await ensureFeedbackSettings(project.id);
  if (allowedOrigins.length) await db.feedbackSettings.update({ where: { projectId: project.id }, data: { allowedOrigins } });
  return { projectId: project.id, key: settings.publicKey };
}

type Post = { key: string; body?: unknown; rawBody?: string; type?: string; headers?: Record<string, string>; method?: Method };

async function send({ key, body, rawBody, type = "application/json", headers = {}, method = "POST" }: Post) {
  const route = FEEDBACK_PUBLIC_ROUTES.find((r) => r.method === method)!;
  const text = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const req = buildRequest(route, { params: { key }, rawBody: text, headers: text === undefined ? headers : { "content-type": type, ...headers } });
  const res = await handle(route)(req, { params: Promise.resolve({ key }) });
  const raw = await res.text();
  return { status: res.status, headers: res.headers, text: raw, json: raw ? JSON.parse(raw) : undefined };
}

const items = (projectId: string) => db.feedbackItem.findMany({ where: { projectId }, orderBy: { number: "asc" } });
const valid = { type: "bug", title: "Checkout button does nothing", details: "Clicking Pay leaves the page as it is." };

describe("POST /public/feedback/{key}: what is stored", () => {
  it("stores a JSON post with every field it sent, from the form unless it says widget", async () => {
    const { projectId, key } = await intakeProject();
    const res = await send({
      key,
      body: { ...valid, email: "Ada@Example.COM", name: "Ada", pageUrl: "https://shop.example.com/cart", browser: "Firefox 140", meta: { viewport: "390x844", language: "en-GB" }, idempotencyKey: `k-${uid()}-json` },
      headers: { "user-agent": "curl/8" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ ref: "FB-1", status: "received" });
    const [item] = await items(projectId);
    expect(item).toMatchObject({
      number: 1,
      type: "bug",
      title: valid.title,
      body: valid.details,
      status: "new",
      source: "form",
      reporterEmail: "ada@example.com",
      reporterName: "Ada",
      pageUrl: "https://shop.example.com/cart",
      userAgent: "Firefox 140",
      meta: { viewport: "390x844", language: "en-GB" },
      spamReasons: [],
      // No trusted proxy in this configuration: no address is known, so none is hashed.
      ipHash: null,
    });
  });

  it("stores a text/plain JSON post (the widget's) as from the widget, with the request's user agent when it sends none", async () => {
    const { projectId, key } = await intakeProject();
    const res = await send({ key, type: "text/plain;charset=UTF-8", rawBody: JSON.stringify({ ...valid, type: "idea", source: "widget" }), headers: { "user-agent": "Mozilla/5.0 Widget" } });
    expect(res.status).toBe(201);
    const [item] = await items(projectId);
    expect(item).toMatchObject({ type: "idea", source: "widget", userAgent: "Mozilla/5.0 Widget", status: "new" });
  });

  it("stores a urlencoded form, treating a blank e-mail as none", async () => {
    const { projectId, key } = await intakeProject();
    const form = new URLSearchParams({ type: "question", title: "Do you ship to Norway?", details: "Asking for a friend", email: "", website: "" });
    const res = await send({ key, type: "application/x-www-form-urlencoded", rawBody: form.toString(), headers: { referer: "https://shop.example.com/shipping" } });
    expect(res.status).toBe(201);
    const [item] = await items(projectId);
    expect(item).toMatchObject({ type: "question", title: "Do you ship to Norway?", body: "Asking for a friend", reporterEmail: null, source: "form", pageUrl: "https://shop.example.com/shipping" });
  });

  it("stores a post once per idempotency key: a replay answers 200 with the same reference", async () => {
    const { projectId, key } = await intakeProject();
    const body = { ...valid, idempotencyKey: `retry-${uid()}` };
    const first = await send({ key, body });
    const again = await send({ key, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(await items(projectId)).toHaveLength(1);
  });

  it("stores two concurrent posts with the same key as one item", async () => {
    const { projectId, key } = await intakeProject();
    const body = { ...valid, idempotencyKey: `race-${uid()}` };
    const results = await Promise.all([send({ key, body }), send({ key, body })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(results[0].json).toEqual(results[1].json);
    expect(await items(projectId)).toHaveLength(1);
  });

  it("numbers items of one project in order, without gaps", async () => {
    const { projectId, key } = await intakeProject();
    const refs = [];
    for (let i = 0; i < 3; i++) refs.push((await send({ key, body: { ...valid, title: `Report number ${i}` } })).json.ref);
    expect(refs).toEqual(["FB-1", "FB-2", "FB-3"]);
    expect((await items(projectId)).map((i) => i.number)).toEqual([1, 2, 3]);
  });
});

describe("POST /public/feedback/{key}: bad input names the field and the rule, and stores nothing", () => {
  const cases: Array<{ name: string; body: unknown; path: string; rule: string }> = [
    { name: "title too short", body: { ...valid, title: "no" }, path: "title", rule: "too_small" },
    { name: "unknown type", body: { ...valid, type: "complaint" }, path: "type", rule: "invalid_value" },
    { name: "missing type", body: { title: valid.title }, path: "type", rule: "invalid_value" },
    { name: "bad e-mail", body: { ...valid, email: "ada at example" }, path: "email", rule: "invalid_format" },
    { name: "page URL that is not http(s)", body: { ...valid, pageUrl: "javascript:alert(1)" }, path: "pageUrl", rule: "url" },
    { name: "severity from the public", body: { ...valid, severity: "critical" }, path: "severity", rule: "unrecognized_key" },
    { name: "labels from the public", body: { ...valid, labels: ["vip"] }, path: "labels", rule: "unrecognized_key" },
    { name: "source other than form or widget", body: { ...valid, source: "github" }, path: "source", rule: "invalid_value" },
    { name: "a body that is not an object", body: ["bug"], path: "body", rule: "invalid_type" },
    { name: "text with a NUL character", body: { ...valid, details: "a\u0000b" }, path: "details", rule: "invalid_characters" },
  ];
  it.each(cases)("$name → 400 naming $path ($rule)", async ({ body, path, rule }) => {
    const { projectId, key } = await intakeProject();
    const res = await send({ key, body });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    expect(res.json.error.issues).toContainEqual({ path, rule, message: expect.any(String) });
    expect(res.json.error.message).toContain(path);
    expect(await items(projectId)).toEqual([]);
  });

  it("malformed JSON → 400 invalid_json, in either JSON type", async () => {
    const { projectId, key } = await intakeProject();
    for (const type of ["application/json", "text/plain"]) {
      const res = await send({ key, type, rawBody: '{"type":"bug",' });
      expect(res.status).toBe(400);
      expect(res.json.error.issues).toEqual([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);
    }
    expect(await items(projectId)).toEqual([]);
  });

  it("a form field sent twice → 400 naming it", async () => {
    const { key } = await intakeProject();
    const res = await send({ key, type: "application/x-www-form-urlencoded", rawBody: "type=bug&type=idea&title=Hello+there" });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toEqual([{ path: "type", rule: "duplicate", message: expect.any(String) }]);
  });

  it("a body over 32 kB → 413, whether declared or not", async () => {
    const { projectId, key } = await intakeProject();
    const res = await send({ key, body: { ...valid, details: "x".repeat(33 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
    expect(res.json.error.message).toContain("32 kB");
    // Just under the limit still parses (and then fails only on the details' own limit).
    const under = await send({ key, body: { ...valid, details: "x".repeat(31 * 1024) } });
    expect(under.status).toBe(400);
    expect(under.json.error.issues[0]).toMatchObject({ path: "details", rule: "too_big" });
    expect(await items(projectId)).toEqual([]);
  });

  it("a content type other than JSON, text or a urlencoded form → 415", async () => {
    const { projectId, key } = await intakeProject();
    for (const type of ["multipart/form-data; boundary=x", "application/xml", "image/png"]) {
      const res = await send({ key, type, rawBody: JSON.stringify(valid) });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
    }
    expect(await items(projectId)).toEqual([]);
  });
});

describe("POST /public/feedback/{key}: spam is kept, flagged, and answered like anything else", () => {
  it("files a post with the honeypot filled as spam (reason honeypot)", async () => {
    const { projectId, key } = await intakeProject();
    const res = await send({ key, body: { ...valid, website: "http://cheap-pills.example" } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ ref: "FB-1", status: "received" });
    const [item] = await items(projectId);
    expect(item).toMatchObject({ status: "spam", spamReasons: ["honeypot"] });
  });

  it("files a post with more than 3 links as spam (reason links); 3 links are fine", async () => {
    const { projectId, key } = await intakeProject();
    const links = (n: number) => Array.from({ length: n }, (_, i) => `https://l${i}.example/x`).join(" ");
    expect((await send({ key, body: { ...valid, title: "Broken links", details: links(3) } })).status).toBe(201);
    const spammy = await send({ key, body: { ...valid, title: `Buy now ${links(1)}`, details: links(3) } });
    expect(spammy.status).toBe(201);
    expect(spammy.json).toEqual({ ref: "FB-2", status: "received" });
    const [fine, flagged] = await items(projectId);
    expect(fine).toMatchObject({ status: "new", spamReasons: [] });
    expect(flagged).toMatchObject({ status: "spam", spamReasons: ["links"] });
  });

  it("gives every reason that applies", async () => {
    const { projectId, key } = await intakeProject();
    await send({ key, body: { ...valid, details: "http://a.example http://b.example http://c.example http://d.example", website: "x" } });
    const [item] = await items(projectId);
    expect(item.spamReasons).toEqual(["honeypot", "links"]);
  });
});

describe("CORS", () => {
  const shop = "https://shop.example.com";

  it("answers a preflight from any origin when the project lists none", async () => {
    const { key } = await intakeProject();
    const res = await send({ key, method: "OPTIONS", headers: { origin: shop, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect(res.status).toBe(204);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "access-control-allow-origin": shop,
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "Content-Type",
      "access-control-max-age": "86400",
      vary: "Origin",
    });
  });

  it("allows a listed origin and refuses another: no allow header on the preflight, 403 on the post, nothing stored", async () => {
    const { projectId, key } = await intakeProject([shop]);
    const allowed = await send({ key, method: "OPTIONS", headers: { origin: shop } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(shop);

    const other = "https://elsewhere.example";
    const pre = await send({ key, method: "OPTIONS", headers: { origin: other } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    expect(pre.headers.get("vary")).toBe("Origin");

    const refused = await send({ key, body: valid, headers: { origin: other } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("origin_not_allowed");
    expect(refused.json.error.message).toContain(other);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(await items(projectId)).toEqual([]);

    const ok = await send({ key, body: valid, headers: { origin: shop } });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("access-control-allow-origin")).toBe(shop);
    expect(ok.headers.get("vary")).toBe("Origin");
    // Posts without an Origin (a server, curl) are not a browser page of another site: accepted.
    expect((await send({ key, body: valid })).status).toBe(201);
    expect(await items(projectId)).toHaveLength(2);
  });

  it("puts the allow header on errors too, so the widget can show them", async () => {
    const { key } = await intakeProject();
    const res = await send({ key, body: { ...valid, title: "x" }, headers: { origin: shop } });
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe(shop);
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });
});

describe("unknown keys", () => {
  it("answers 404 naming the key as unknown, for posts and preflights", async () => {
    const res = await send({ key: "fbk_nobody_has_this", body: valid, headers: { origin: "https://shop.example.com" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect(res.json.error.message).toContain('"fbk_nobody_has_this" is unknown');
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    const pre = await send({ key: "fbk_nobody_has_this", method: "OPTIONS", headers: { origin: "https://shop.example.com" } });
    expect(pre.status).toBe(404);
  });

  it("stops accepting a key once the project has a new one", async () => {
    const { projectId, key } = await intakeProject();
    await db.feedbackSettings.update({ where: { projectId }, data: { publicKey: `fbk_${uid()}${uid()}` } });
    expect((await send({ key, body: valid })).status).toBe(404);
    expect(await items(projectId)).toEqual([]);
  });
});
