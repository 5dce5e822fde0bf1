import { spawnSync } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseWidget, startDemoTarget } from "@/examples/demo-target/server.mjs";

// public/widget.js runs on other people's pages. Here it runs in a bare JavaScript context with a small stand-in DOM
// (just what the widget touches), so its contract is checked without a browser: the globals it leaves, what it posts,
// and how it shows the answers. e2e covers it in Chromium (layout, the native dialog, axe).

const ROOT = path.resolve(__dirname, "../..");
const SOURCE = readFileSync(path.join(ROOT, "public/widget.js"), "utf8");

type Listener = (event: FakeEvent) => void;
type FakeEvent = { type: string; target: FakeElement; preventDefault(): void };

class FakeElement {
  attributes = new Map<string, string>();
  children: Array<FakeElement | string> = [];
  listeners = new Map<string, Listener[]>();
  shadowRoot: FakeElement | null = null;
  adoptedStyleSheets: unknown[] = [];
  typed: string | null = null;
  checked = false;
  open = false;
  constructor(
    readonly doc: FakeDocument,
    readonly tagName: string,
  ) {}
  setAttribute(name: string, value: unknown) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  /** As in a browser: the value attribute until something is typed. */
  get value() {
    return this.typed ?? this.getAttribute("value") ?? "";
  }
  set value(text: string) {
    this.typed = text;
  }
  get id() {
    return this.getAttribute("id") ?? "";
  }
  get hidden() {
    return this.attributes.has("hidden");
  }
  set hidden(on: boolean) {
    if (on) this.setAttribute("hidden", "");
    else this.removeAttribute("hidden");
  }
  set className(value: string) {
    this.setAttribute("class", value);
  }
  get textContent(): string {
    return this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join("");
  }
  set textContent(text: string) {
    this.children = text ? [text] : [];
  }
  append(...nodes: Array<FakeElement | string>) {
    this.children.push(...nodes);
  }
  replaceChildren(...nodes: Array<FakeElement | string>) {
    this.children = nodes;
  }
  addEventListener(type: string, fn: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string) {
    let prevented = false;
    for (const fn of this.listeners.get(type) ?? []) fn({ type, target: this, preventDefault: () => (prevented = true) });
    return prevented;
  }
  focus() {
    this.doc.focused = this;
  }
  attachShadow({ mode }: { mode: string }) {
    this.shadowRoot = new FakeElement(this.doc, `#shadow-root (${mode})`);
    return this.shadowRoot;
  }
  reset() {
    for (const el of this.all()) {
      el.typed = null;
      el.checked = false;
    }
  }
  showModal() {
    this.open = true;
  }
  close() {
    this.open = false;
    this.dispatch("close");
  }
  *all(): Generator<FakeElement> {
    for (const child of [...(this.shadowRoot ? [this.shadowRoot] : []), ...this.children]) {
      if (typeof child === "string") continue;
      yield child;
      yield* child.all();
    }
  }
  find(test: (el: FakeElement) => boolean) {
    const found = [...this.all()].find(test);
    if (!found) throw new Error("no such element");
    return found;
  }
}

class FakeDocument {
  focused: FakeElement | null = null;
  body = new FakeElement(this, "BODY");
  currentScript: FakeElement | null;
  constructor(script: Record<string, string> | null) {
    this.currentScript = script ? new FakeElement(this, "SCRIPT") : null;
    for (const [k, v] of Object.entries(script ?? {})) this.currentScript!.setAttribute(k, v);
  }
  get activeElement() {
    return this.focused ?? this.body;
  }
  createElement(tag: string) {
    return new FakeElement(this, tag.toUpperCase());
  }
  createElementNS(_ns: string, tag: string) {
    return new FakeElement(this, tag);
  }
  addEventListener() {}
  querySelector() {
    return null;
  }
}

type Reply = { status: number; body: unknown } | "network error";

/** Runs the widget in a context of its own, as the page `https://shop.example/cart?step=2` would. */
function runWidget(script: Record<string, string> | null = { src: "https://tminus.example/widget.js", "data-key": "fbk_demo_acme_web" }) {
  const doc = new FakeDocument(script);
  if (doc.currentScript) Object.defineProperty(doc.currentScript, "src", { value: script!.src });
  const replies: Reply[] = [];
  const requests: Array<{ url: string; init: { method: string; headers: Record<string, string>; body: string; credentials: string } }> = [];
  const warnings: string[] = [];
  const context: Record<string, unknown> = {
    document: doc,
    location: { href: "https://shop.example/cart?step=2" },
    navigator: { userAgent: "Mozilla/5.0 (Test)", language: "en-GB" },
    innerWidth: 390,
    innerHeight: 844,
    crypto: webcrypto,
    URL,
    Intl,
    console: { warn: (m: string) => warnings.push(m), log() {}, error() {} },
    CSSStyleSheet: class {
      text = "";
      replaceSync(text: string) {
        this.text = text;
      }
    },
    fetch: (url: string, init: (typeof requests)[number]["init"]) => {
      requests.push({ url, init });
      const reply = replies.shift() ?? { status: 201, body: { ref: "FB-1", status: "received" } };
      if (reply === "network error") return Promise.reject(new TypeError("Failed to fetch"));
      return Promise.resolve({ status: reply.status, json: () => Promise.resolve(reply.body) });
    },
  };
  context.window = context;
  const before = new Set(Object.keys(context));
  vm.runInNewContext(SOURCE, context);
  const added = Object.keys(context).filter((k) => !before.has(k));
  const host = doc.body.children[0] as FakeElement | undefined;
  const $ = (test: (el: FakeElement) => boolean) => host!.find(test);
  const byId = (id: string) => $((el) => el.id === id);
  const submitButton = () => $((el) => el.tagName === "BUTTON" && el.getAttribute("type") === "submit");
  const form = () => $((el) => el.tagName === "FORM");
  const live = () => $((el) => el.getAttribute("role") === "status");
  const send = async () => {
    expect(form().dispatch("submit"), "the form's own navigation is prevented").toBe(true);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const fill = (values: { type?: string; title?: string; details?: string; email?: string }) => {
    if (values.type) byId(`tm-type-${values.type}`).checked = true;
    if (values.title !== undefined) byId("tm-title-input").value = values.title;
    if (values.details !== undefined) byId("tm-details").value = values.details;
    if (values.email !== undefined) byId("tm-email").value = values.email;
  };
  const posted = () => requests.map((r) => JSON.parse(r.init.body));
  return { doc, context, added, host, $, byId, submitButton, live, send, fill, replies, requests, posted, warnings };
}

describe("public/widget.js", () => {
  it("stays within 15 kB gzipped, and scripts/widget-size.mjs says so (and fails a file over it)", () => {
    const gz = gzipSync(SOURCE, { level: 9 }).length;
    expect(gz).toBeLessThanOrEqual(15 * 1024);
    const ok = spawnSync(process.execPath, ["scripts/widget-size.mjs"], { cwd: ROOT, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`widget.js: ${(gz / 1024).toFixed(1)} kB gzipped`);
    const big = path.join(mkdtempSync(path.join(tmpdir(), "widget-size-")), "big.js");
    writeFileSync(big, randomBytes(20 * 1024));
    const over = spawnSync(process.execPath, ["scripts/widget-size.mjs", big], { cwd: ROOT, encoding: "utf8" });
    expect(over.status).toBe(1);
    expect(over.stdout).toContain("OVER the 15.0 kB budget");
  });

  it("leaves one global, window.TMinusFeedback, and mounts one launcher in an open shadow root, named by data-label", () => {
    const w = runWidget({ src: "https://tminus.example/widget.js", "data-key": "fbk_x", "data-label": "Tell us", "data-position": "bottom-left" });
    expect(w.added).toEqual(["TMinusFeedback"]);
    expect(Object.keys(w.context.TMinusFeedback as object)).toEqual(["open"]);
    expect(w.doc.body.children).toHaveLength(1);
    expect(w.host!.shadowRoot!.tagName).toBe("#shadow-root (open)");
    // Styles arrive as a constructed sheet (no inline <style> for a page's CSP to block), starting with :host{all:initial}.
    expect((w.host!.shadowRoot!.adoptedStyleSheets[0] as { text: string }).text.trim()).toMatch(/^:host\{all:initial\}/);
    const launcher = w.$((el) => el.getAttribute("class") === "launch");
    expect(launcher.textContent).toBe("Tell us");
    expect(w.$((el) => el.tagName === "ASIDE").getAttribute("class")).toContain("left");
  });

  it("does nothing without data-key, and says what is missing", () => {
    const w = runWidget({ src: "https://tminus.example/widget.js" });
    expect(w.added).toEqual([]);
    expect(w.doc.body.children).toEqual([]);
    expect(w.warnings[0]).toContain("data-key");
  });

  it("opens with focus on the first choice, and gives focus back to the launcher when the dialog closes", () => {
    const w = runWidget();
    const launcher = w.$((el) => el.getAttribute("class") === "launch");
    const dialog = w.$((el) => el.tagName === "DIALOG");
    launcher.focus();
    launcher.dispatch("click");
    expect(dialog.open).toBe(true);
    expect(w.doc.activeElement).toBe(w.byId("tm-type-bug"));
    // Escape closes a native modal dialog by itself, firing "close" like this.
    dialog.close();
    expect(w.doc.activeElement).toBe(launcher);
  });

  it("posts text/plain JSON (no preflight, no cookies) to its own origin's endpoint with the page, browser and source", async () => {
    const w = runWidget();
    w.fill({ type: "bug", title: "Cart total is wrong", details: "Shows 0.00", email: " ada@example.com " });
    await w.send();
    expect(w.requests).toHaveLength(1);
    const [{ url, init }] = w.requests;
    expect(url).toBe("https://tminus.example/api/v1/public/feedback/fbk_demo_acme_web");
    expect(init).toMatchObject({ method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" }, credentials: "omit" });
    expect(JSON.parse(init.body)).toEqual({
      source: "widget",
      type: "bug",
      title: "Cart total is wrong",
      details: "Shows 0.00",
      email: "ada@example.com",
      website: "",
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      pageUrl: "https://shop.example/cart?step=2",
      browser: "Mozilla/5.0 (Test)",
      meta: { viewport: "390x844", language: "en-GB", timeZone: expect.any(String) },
    });
  });

  it("retries a submission with the same idempotency key after a network error, and takes a new key for the next one", async () => {
    const w = runWidget();
    w.fill({ type: "idea", title: "Dark mode" });
    w.replies.push("network error");
    await w.send();
    expect(w.live().textContent).toContain("could not be sent");
    expect(w.submitButton().textContent).toBe("Try again");
    w.replies.push({ status: 201, body: { ref: "FB-42", status: "received" } });
    await w.send();
    expect(w.live().textContent).toBe("Thank you, your feedback was received. Its reference is FB-42.");
    expect(w.live().getAttribute("role")).toBe("status");
    // "Send more" starts a new submission.
    w.$((el) => el.textContent === "Send more").dispatch("click");
    w.fill({ type: "idea", title: "Another idea" });
    await w.send();
    const keys = w.posted().map((p) => p.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("shows the fields a 400 names beside them (aria-invalid, described by the message) and focuses the first", async () => {
    const w = runWidget();
    w.fill({ title: "no", email: "ada at example" });
    w.replies.push({
      status: 400,
      body: {
        error: {
          code: "invalid_input",
          message: "type: must be one of bug, idea, question, praise",
          issues: [
            { path: "type", rule: "invalid_value", message: "must be one of bug, idea, question, praise" },
            { path: "title", rule: "too_small", message: "must be at least 3 characters" },
            { path: "email", rule: "invalid_format", message: "must be an e-mail address" },
          ],
        },
      },
    });
    await w.send();
    const title = w.byId("tm-title-input");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(title.getAttribute("aria-describedby")).toBe("tm-h-title tm-e-title");
    expect(w.byId("tm-e-title").textContent).toBe("Title must be at least 3 characters.");
    expect(w.byId("tm-e-title").hidden).toBe(false);
    expect(w.byId("tm-e-email").textContent).toBe("E-mail must be an e-mail address.");
    expect(w.byId("tm-e-type").textContent).toBe("Choose what kind of feedback this is.");
    expect(w.byId("tm-e-details").hidden).toBe(true);
    expect(w.live().textContent).toBe("Nothing was sent yet: check the 3 fields marked.");
    expect(w.doc.activeElement).toBe(w.byId("tm-type-bug"));
    // Fixed and sent again: the marks go.
    w.fill({ type: "bug", title: "Now long enough", email: "" });
    await w.send();
    expect(title.getAttribute("aria-invalid")).toBeNull();
    expect(title.getAttribute("aria-describedby")).toBe("tm-h-title");
    expect(w.byId("tm-e-title").hidden).toBe(true);
  });

  it("tells the visitor what the server said when it refuses (429), and keeps the text", async () => {
    const w = runWidget();
    w.fill({ type: "bug", title: "Again and again" });
    w.replies.push({ status: 429, body: { error: { code: "rate_limited", message: "Too much feedback from your network address in the last minute; nothing was saved. Try again in 42 seconds." } } });
    await w.send();
    expect(w.live().textContent).toContain("Try again in 42 seconds");
    expect(w.byId("tm-title-input").value).toBe("Again and again");
    expect(w.submitButton().textContent).toBe("Send feedback");
  });

  it("shows a busy button while sending and ignores a second submit meanwhile", async () => {
    const w = runWidget();
    w.fill({ type: "praise", title: "Lovely launch" });
    const form = w.$((el) => el.tagName === "FORM");
    form.dispatch("submit");
    expect(w.submitButton().textContent).toBe("Sending…");
    expect(w.submitButton().getAttribute("aria-disabled")).toBe("true");
    form.dispatch("submit");
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(w.requests).toHaveLength(1);
  });
});

describe("the demo target", () => {
  it("embeds the widget on every page when given its script and key, and not otherwise", async () => {
    const widget = { src: "http://127.0.0.1:3200/widget.js", key: "fbk_demo_acme_web" };
    const withWidget = await startDemoTarget({ port: 0, log: false, widget });
    const plain = await startDemoTarget({ port: 0, log: false });
    try {
      for (const page of ["/", "/pricing", "/about", "/changelog"]) {
        const html = await (await fetch(withWidget.url + page)).text();
        expect(html, page).toContain('<script src="http://127.0.0.1:3200/widget.js" data-key="fbk_demo_acme_web" async></script>\n</body>');
        expect(await (await fetch(plain.url + page)).text(), page).not.toContain("widget.js");
      }
    } finally {
      await withWidget.close();
      await plain.close();
    }
  });

  it("takes both TMINUS_WIDGET_SRC and TMINUS_WIDGET_KEY or neither, and refuses what is not a URL or a key", () => {
    expect(parseWidget(undefined, undefined)).toBeNull();
    expect(() => parseWidget("http://127.0.0.1:3000/widget.js", undefined)).toThrow(/both TMINUS_WIDGET_SRC and TMINUS_WIDGET_KEY/);
    expect(() => parseWidget("javascript:alert(1)", "fbk_x")).toThrow(/http\(s\) URL/);
    expect(() => parseWidget("http://127.0.0.1:3000/widget.js", '"><script>')).toThrow(/feedback key/);
    const env = { ...process.env, PORT: "0", TMINUS_WIDGET_SRC: "http://127.0.0.1:3000/widget.js", TMINUS_WIDGET_KEY: "" };
    const run = spawnSync(process.execPath, ["examples/demo-target/server.mjs"], { cwd: ROOT, env, encoding: "utf8", timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("TMINUS_WIDGET_KEY");
  });
});
