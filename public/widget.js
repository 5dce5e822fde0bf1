/*!
 * T-Minus feedback widget. Hand-written, no build step: what you read is what runs.
 * <script src="https://<your T-Minus>/widget.js" data-key="fbk_…" async></script>
 * Optional: data-label="Feedback", data-position="bottom-right" | "bottom-left", data-theme="light" | "dark".
 * Everything lives in one shadow root (page styles do not reach in, ours do not leak out); the only global is
 * window.TMinusFeedback = { open() }. Posts are text/plain JSON, so the browser sends no CORS preflight.
 */
(function () {
  "use strict";

  // A tag manager may run the code without a current script: then the tag is found by its data-key.
  const script = document.currentScript || document.querySelector("script[data-key][src$='/widget.js']");
  if (window.TMinusFeedback || !script || !script.src) return;
  const key = script.getAttribute("data-key");
  if (!key) {
    console.warn('T-Minus feedback: the script tag needs data-key="fbk_…" (the key is in the project\'s feedback settings).');
    return;
  }
  const endpoint = new URL(script.src, location.href).origin + "/api/v1/public/feedback/" + encodeURIComponent(key);
  const label = script.getAttribute("data-label") || "Feedback";
  const side = script.getAttribute("data-position") === "bottom-left" ? "left" : "right";
  const theme = ["light", "dark"].indexOf(script.getAttribute("data-theme")) >= 0 ? script.getAttribute("data-theme") : "";

  const TYPES = [
    ["bug", "Bug", "Something is broken"],
    ["idea", "Idea", "Something you would like"],
    ["question", "Question", "Something you want to know"],
    ["praise", "Praise", "Something you like"],
  ];
  const FIELDS = { type: "Type", title: "Title", details: "Details", email: "E-mail" };

  // Colours meet WCAG AA on both schemes (text 4.5:1, borders and focus rings 3:1); status is never colour alone.
  const CSS = `
:host{all:initial}
.w{--bg:#fff;--fg:#18181b;--muted:#52525b;--line:#71717a;--accent:#4338ca;--on-accent:#fff;--ring:#4338ca;--bad:#b91c1c;--good:#166534;--soft:#eef2ff;
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);-webkit-font-smoothing:antialiased}
.w.dark{--bg:#18181b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#a1a1aa;--accent:#a5b4fc;--on-accent:#1e1b4b;--ring:#a5b4fc;--bad:#fca5a5;--good:#86efac;--soft:#1e1b4b}
@media (prefers-color-scheme:dark){.w:not(.light){--bg:#18181b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#a1a1aa;--accent:#a5b4fc;--on-accent:#1e1b4b;--ring:#a5b4fc;--bad:#fca5a5;--good:#86efac;--soft:#1e1b4b}}
*,*::before,*::after{box-sizing:border-box}
:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
button,input,textarea{font:inherit;color:inherit}
.launch{position:fixed;bottom:16px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;min-height:44px;padding:10px 16px;
  border:2px solid var(--bg);border-radius:999px;background:var(--accent);color:var(--on-accent);font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}
.right .launch{right:16px}.left .launch{left:16px}
.launch svg,.x svg{width:18px;height:18px;flex:none}
dialog{width:min(32rem,calc(100vw - 16px));max-height:calc(100dvh - 16px);padding:0;border:1px solid var(--line);border-radius:12px;background:var(--bg);color:var(--fg);
  box-shadow:0 20px 50px rgba(0,0,0,.35);overflow:auto}
dialog::backdrop{background:rgba(9,9,11,.55)}
.in{padding:16px 20px 20px}
.head{display:flex;align-items:center;justify-content:space-between;gap:12px;margin-bottom:8px}
h2{margin:0;font-size:18px;line-height:1.3;font-weight:650}
.x{display:inline-flex;align-items:center;justify-content:center;width:40px;height:40px;border:0;border-radius:8px;background:transparent;cursor:pointer}
.x:hover{background:var(--soft)}
form{display:grid;gap:16px;margin:0}
fieldset{margin:0;padding:0;border:0;min-width:0}
legend,label.l{display:block;margin-bottom:6px;font-weight:600;font-size:14px}
.types{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.t{display:flex;gap:8px;align-items:flex-start;min-height:44px;padding:8px 10px;border:1px solid var(--line);border-radius:8px;cursor:pointer;font-size:14px}
.t:has(input:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent);background:var(--soft)}
.t:has(input:focus-visible){outline:3px solid var(--ring);outline-offset:2px}
.t input{margin:3px 0 0;width:16px;height:16px;accent-color:var(--accent);flex:none}
.t input:focus-visible{outline:none}
.t b{display:block;font-weight:600}.t small{display:block;color:var(--muted);font-size:12px}
input.c,textarea{display:block;width:100%;padding:9px 11px;border:1px solid var(--line);border-radius:8px;background:var(--bg);font-size:16px}
textarea{min-height:7.5em;resize:vertical}
[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.hint{margin:4px 0 0;color:var(--muted);font-size:13px}
.err{margin:6px 0 0;color:var(--bad);font-size:14px;font-weight:600}
.opt{font-weight:400;color:var(--muted)}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.go{min-height:44px;padding:10px 18px;border:0;border-radius:8px;background:var(--accent);color:var(--on-accent);font-weight:600;cursor:pointer}
.go[aria-disabled=true]{cursor:wait;opacity:.75}
.alt{min-height:44px;padding:10px 16px;border:1px solid var(--line);border-radius:8px;background:transparent;cursor:pointer;font-weight:600}
.live:empty{display:none}
.live{margin-top:12px;padding:10px 12px;border-radius:8px;border:1px solid var(--line);font-size:14px}
.live.bad{border-color:var(--bad)}
.live.good{border:1px solid var(--good);font-size:15px}
.live p{margin:0}.live p+p{margin-top:6px}
.ref{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700}
.row{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
[hidden]{display:none!important}
@media (prefers-reduced-motion:no-preference){.launch{transition:transform .15s}.launch:hover{transform:translateY(-1px)}}
`;

  /** One element: h("p", { class: "x" }, "text", child, …). No innerHTML, so pages with Trusted Types work too. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const name in attrs || {}) if (attrs[name] !== null && attrs[name] !== undefined) el.setAttribute(name, attrs[name]);
    for (const child of children) if (child) el.append(child);
    return el;
  }
  function svg(paths) {
    const ns = "http://www.w3.org/2000/svg";
    const el = document.createElementNS(ns, "svg");
    el.setAttribute("viewBox", "0 0 24 24");
    el.setAttribute("fill", "none");
    el.setAttribute("stroke", "currentColor");
    el.setAttribute("stroke-width", "2");
    el.setAttribute("stroke-linecap", "round");
    el.setAttribute("aria-hidden", "true");
    for (const d of paths) {
      const p = document.createElementNS(ns, "path");
      p.setAttribute("d", d);
      el.append(p);
    }
    return el;
  }

  function uuid() {
    const c = window.crypto;
    if (c.randomUUID) return c.randomUUID();
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    let s = "";
    for (let i = 0; i < 16; i++) s += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? "-" : "");
    return s;
  }

  // The interface ---------------------------------------------------------------------------------------------------

  const launcher = h("button", { type: "button", class: "launch", "aria-haspopup": "dialog" }, svg(["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"]), label);
  const close = h("button", { type: "button", class: "x", "aria-label": "Close" }, svg(["M18 6 6 18", "M6 6l12 12"]));

  const errors = {};
  const errorOf = (name) => (errors[name] = h("p", { id: "tm-e-" + name, class: "err", hidden: "" }));
  const radios = TYPES.map(([value]) => h("input", { type: "radio", name: "type", value, id: "tm-type-" + value }));
  const types = h(
    "fieldset",
    { role: "radiogroup", "aria-labelledby": "tm-type-legend" },
    h("legend", { id: "tm-type-legend" }, "What is it about?"),
    h("div", { class: "types" }, ...TYPES.map(([, name, hint], i) => h("label", { class: "t", for: radios[i].id }, radios[i], h("span", null, h("b", null, name), h("small", null, hint))))),
    errorOf("type"),
  );
  const title = h("input", { class: "c", id: "tm-title-input", name: "title", type: "text", maxlength: "200", autocomplete: "off", "aria-describedby": "tm-h-title" });
  const details = h("textarea", { id: "tm-details", name: "details", rows: "5", maxlength: "10000", "aria-describedby": "tm-h-details" });
  const email = h("input", { class: "c", id: "tm-email", name: "email", type: "email", inputmode: "email", autocomplete: "email", maxlength: "254", "aria-describedby": "tm-h-email" });
  // People never see or reach this field; bots that fill in every input do, and land in the spam folder.
  const honeypot = h("input", { type: "text", name: "website", id: "tm-website", tabindex: "-1", autocomplete: "off" });
  const send = h("button", { type: "submit", class: "go" }, "Send feedback");
  const controls = { type: types, title, details, email };

  const form = h(
    "form",
    { novalidate: "" },
    types,
    h("div", null, h("label", { class: "l", for: title.id }, "Title"), title, h("p", { class: "hint", id: "tm-h-title" }, "One line, e.g. “The checkout button does nothing”."), errorOf("title")),
    h("div", null, h("label", { class: "l", for: details.id }, "Details"), details, h("p", { class: "hint", id: "tm-h-details" }, "What happened, and what did you expect?"), errorOf("details")),
    h(
      "div",
      null,
      h("label", { class: "l", for: email.id }, "E-mail ", h("span", { class: "opt" }, "(optional)")),
      email,
      h("p", { class: "hint", id: "tm-h-email" }, "Only if you would like an answer."),
      errorOf("email"),
    ),
    h("div", { class: "hp", "aria-hidden": "true" }, h("label", { for: honeypot.id }, "Website (leave this empty)"), honeypot),
    h("div", null, send),
  );
  // Outcomes are announced once, from here; "Sending…" is only shown on the button.
  const live = h("div", { class: "live", role: "status" });
  const more = h("button", { type: "button", class: "alt" }, "Send more");
  const done = h("button", { type: "button", class: "go" }, "Close");
  const after = h("div", { class: "row", hidden: "" }, done, more);
  const dialog = h(
    "dialog",
    { "aria-labelledby": "tm-dialog-title" },
    h("div", { class: "in" }, h("div", { class: "head" }, h("h2", { id: "tm-dialog-title" }, "Send feedback"), close), form, live, after),
  );

  const host = h("div", { "data-tminus-feedback": "" });
  const root = host.attachShadow({ mode: "open" });
  // A constructed sheet is not inline CSS, so a page's Content Security Policy (style-src) does not block it.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h("style", null, CSS));
  }
  root.append(h("aside", { class: "w " + side + (theme ? " " + theme : ""), "aria-label": "Feedback" }, launcher, dialog));

  // Behaviour --------------------------------------------------------------------------------------------------------

  let idempotencyKey = null; // one per submission; a retry after a network error sends the same one
  let busy = false;
  let sent = false;
  let returnTo = null; // where focus goes back to when the dialog closes: the launcher, or what opened it

  function say(tone, ...lines) {
    live.className = "live " + tone;
    live.replaceChildren(...lines.map((line) => (typeof line === "string" ? h("p", null, line) : line)));
  }
  function setBusy(on, text) {
    busy = on;
    send.textContent = text;
    if (on) send.setAttribute("aria-disabled", "true");
    else send.removeAttribute("aria-disabled");
  }
  function clearErrors() {
    for (const name in errors) {
      errors[name].hidden = true;
      errors[name].textContent = "";
      controls[name].removeAttribute("aria-invalid");
      const described = (controls[name].getAttribute("aria-describedby") || "").replace("tm-e-" + name, "").trim();
      if (described) controls[name].setAttribute("aria-describedby", described);
      else controls[name].removeAttribute("aria-describedby");
    }
  }
  function markError(name, message) {
    errors[name].textContent = message;
    errors[name].hidden = false;
    controls[name].setAttribute("aria-invalid", "true");
    const described = controls[name].getAttribute("aria-describedby");
    controls[name].setAttribute("aria-describedby", (described ? described + " " : "") + "tm-e-" + name);
  }
  function reset() {
    form.reset();
    clearErrors();
    live.replaceChildren();
    form.hidden = false;
    after.hidden = true;
    sent = false;
    idempotencyKey = null;
    setBusy(false, "Send feedback");
  }
  function open() {
    const active = document.activeElement;
    returnTo = active && active !== host && active !== document.body ? active : launcher;
    if (sent) reset();
    if (!dialog.open) dialog.showModal();
    (radios.find((r) => r.checked) || radios[0]).focus();
  }

  function payload() {
    const checked = radios.find((r) => r.checked);
    const body = { source: "widget", title: title.value, details: details.value, website: honeypot.value, idempotencyKey: (idempotencyKey ||= uuid()) };
    if (checked) body.type = checked.value;
    if (email.value.trim()) body.email = email.value.trim();
    if (/^https?:/i.test(location.href) && location.href.length <= 2048) body.pageUrl = location.href;
    body.browser = navigator.userAgent.slice(0, 512);
    const meta = { viewport: innerWidth + "x" + innerHeight, language: navigator.language };
    try {
      meta.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      /* an old engine: no time zone */
    }
    for (const k in meta) if (!meta[k]) delete meta[k];
    body.meta = meta;
    return body;
  }

  function answered(status, body) {
    const error = (body && body.error) || {};
    if ((status === 200 || status === 201) && body && body.ref) {
      sent = true;
      idempotencyKey = null;
      form.hidden = true;
      after.hidden = false;
      say("good", h("p", null, "Thank you, your feedback was received. Its reference is ", h("span", { class: "ref" }, body.ref), "."));
      done.focus();
      return;
    }
    if (status === 400 && Array.isArray(error.issues)) {
      const other = [];
      let first = null;
      for (const issue of error.issues) {
        const name = String(issue.path).split(".")[0];
        if (!FIELDS[name]) other.push(issue.path + ": " + issue.message);
        else if (errors[name].hidden) {
          markError(name, name === "type" ? "Choose what kind of feedback this is." : FIELDS[name] + " " + issue.message + ".");
          first = first || name;
        }
      }
      const n = error.issues.length - other.length;
      say("bad", n ? "Nothing was sent yet: check the " + (n === 1 ? "field" : n + " fields") + " marked." : "Nothing was sent.", ...other);
      if (first) (first === "type" ? radios[0] : controls[first]).focus();
      return;
    }
    if (status === 404) {
      console.warn("T-Minus feedback: " + (error.message || "the feedback key is unknown"));
      say("bad", "This site's feedback form is not set up correctly, so nothing was sent. Sorry!");
    } else if (status === 413) say("bad", "Your message is too long to send. Shorten the details and try again.");
    else if (status >= 400 && status < 500 && error.message) say("bad", error.message);
    else say("bad", "Something went wrong on our side, so nothing was sent. Your text is still here: try again in a moment.");
    if (status >= 500) send.textContent = "Try again";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    setBusy(true, "Sending…");
    fetch(endpoint, { method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: JSON.stringify(payload()), credentials: "omit" })
      .then(
        (res) =>
          res
            .json()
            .catch(() => null)
            .then((body) => {
              setBusy(false, "Send feedback");
              answered(res.status, body);
            }),
        () => {
          setBusy(false, "Try again");
          say("bad", "Your feedback could not be sent: there is no connection to the feedback service. Your text is still here: try again.");
        },
      );
  });
  launcher.addEventListener("click", open);
  close.addEventListener("click", () => dialog.close());
  done.addEventListener("click", () => dialog.close());
  more.addEventListener("click", () => {
    reset();
    radios[0].focus();
  });
  // A click on the backdrop (the dialog element itself, outside its content) closes it; the text typed is kept.
  dialog.addEventListener("click", (event) => event.target === dialog && dialog.close());
  dialog.addEventListener("close", () => (returnTo || launcher).focus());

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
  window.TMinusFeedback = { open };
})();
