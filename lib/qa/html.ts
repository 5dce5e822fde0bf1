// A small, tolerant HTML tokenizer for the links engine: it finds the title, <base href> and every URL a page links
// to or loads. Not a full HTML parser (no tree, no error recovery beyond what finding URLs needs), and no dependency.

export type RefKind = "link" | "image" | "script" | "stylesheet" | "icon" | "media" | "frame";

export type HtmlRef = {
  /** Absolute http(s) URL without its fragment. */
  url: string;
  kind: RefKind;
  /** Where it came from, for sentences: "img srcset", "a href". */
  source: string;
};

export type ParsedHtml = {
  /** Whitespace-collapsed text of the document's <title>; null when there is none. */
  title: string | null;
  /** The URL relative references resolve against (<base href> when present, else the page's own URL). */
  baseUrl: string;
  /** Navigations (a and area href): a page may link to anything. */
  links: HtmlRef[];
  /** What the page loads itself (images, scripts, stylesheets, icons, media, frames): these must load. */
  resources: HtmlRef[];
};

export type StartTag = { name: string; attrs: Record<string, string> };

// Their content is text, never markup: a "<a href>" inside a script string or a textarea is not a link.
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noembed", "noframes"]);
const SKIPPED_SCHEMES = new Set(["mailto", "tel", "javascript", "data", "sms", "blob", "about"]);

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});?/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const isSpace = (c: string | undefined) => c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f";

/** Reads one start tag from just after its "<"; `end` is the index after its ">". Attribute names are lower-cased. */
function readTag(html: string, from: number): StartTag & { end: number; selfClosing: boolean } {
  let i = from;
  while (i < html.length && !isSpace(html[i]) && html[i] !== "/" && html[i] !== ">") i++;
  const name = html.slice(from, i).toLowerCase();
  const attrs: Record<string, string> = {};
  let selfClosing = false;
  while (i < html.length) {
    while (isSpace(html[i]) || html[i] === "/") {
      selfClosing = html[i] === "/";
      i++;
    }
    if (i >= html.length || html[i] === ">") break;
    selfClosing = false;
    const nameStart = i;
    i++; // an attribute name may start with "=" (the spec keeps it as part of the name)
    while (i < html.length && !isSpace(html[i]) && html[i] !== "/" && html[i] !== ">" && html[i] !== "=") i++;
    const attr = html.slice(nameStart, i).toLowerCase();
    while (isSpace(html[i])) i++;
    let value = "";
    if (html[i] === "=") {
      i++;
      while (isSpace(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const start = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== ">") i++;
        value = html.slice(start, i);
      }
    }
    if (!(attr in attrs)) attrs[attr] = decodeEntities(value); // the first of duplicated attributes wins, as in browsers
  }
  return { name, attrs, end: Math.min(i + 1, html.length), selfClosing };
}

/** Index just past the end tag `</name ...>` from `from`, and where that end tag starts (html.length when unclosed). */
function findEndTag(html: string, name: string, from: number): { start: number; end: number } {
  const pattern = new RegExp(`</${name}[\\s/>]`, "ig");
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  if (!match) return { start: html.length, end: html.length };
  const close = html.indexOf(">", match.index);
  return { start: match.index, end: close < 0 ? html.length : close + 1 };
}

/** Every start tag in document order, and the document title (the first <title> outside SVG, where <title> is a tooltip). */
export function scanHtml(html: string): { tags: StartTag[]; title: string | null } {
  const tags: StartTag[] = [];
  let title: string | null = null;
  let svgDepth = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? "";
    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 2); // from +2 so "<!-->" and "<!--->" close at once, as in browsers
      i = close < 0 ? html.length : close + 3;
    } else if (next === "!" || next === "?") {
      const close = html.indexOf(">", lt);
      i = close < 0 ? html.length : close + 1; // doctype, CDATA outside foreign content, processing instruction
    } else if (next === "/") {
      const tag = readTag(html, lt + 2);
      if (tag.name === "svg" && svgDepth > 0) svgDepth--;
      i = tag.end;
    } else if (/[a-z]/i.test(next)) {
      const tag = readTag(html, lt + 1);
      tags.push({ name: tag.name, attrs: tag.attrs });
      i = tag.end;
      if (tag.name === "svg" && !tag.selfClosing) svgDepth++;
      if (RAW_TEXT.has(tag.name) && !(svgDepth > 0 && tag.name === "title")) {
        const close = findEndTag(html, tag.name, i);
        if (tag.name === "title" && title === null) title = decodeEntities(html.slice(i, close.start)).replace(/\s+/g, " ").trim();
        i = close.end;
      }
    } else {
      i = lt + 1; // a stray "<" in text
    }
  }
  return { tags, title };
}

/** The candidate URLs of a srcset ("a.png 1x, b.png 2x"); a URL may itself contain commas (data: URIs are skipped anyway). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && (isSpace(srcset[i]) || srcset[i] === ",")) i++;
    const start = i;
    while (i < srcset.length && !isSpace(srcset[i])) i++;
    let url = srcset.slice(start, i);
    if (url.endsWith(",")) url = url.replace(/,+$/, "");
    else {
      let depth = 0; // skip the descriptor up to the next comma outside parentheses
      while (i < srcset.length && !(srcset[i] === "," && depth === 0)) {
        if (srcset[i] === "(") depth++;
        if (srcset[i] === ")") depth = Math.max(0, depth - 1);
        i++;
      }
    }
    if (url) urls.push(url);
  }
  return urls;
}

/** Resolves a raw attribute value to an absolute http(s) URL without fragment, or null for what is not checked. */
export function resolveRef(raw: string, baseUrl: string): string | null {
  const value = raw.replace(/[\t\n\r]/g, "").trim(); // browsers drop these anywhere in a URL ("java\nscript:")
  if (!value || value.startsWith("#")) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme && SKIPPED_SCHEMES.has(scheme)) return null;
  let url: URL;
  try {
    url = new URL(value, baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url.toString();
}

type RawRef = { value: string; kind: RefKind; source: string; isLink: boolean };

function linkRelKind(rel: string): RefKind | null {
  const tokens = rel.toLowerCase().split(/\s+/);
  if (tokens.includes("stylesheet")) return "stylesheet";
  if (tokens.includes("icon") || tokens.includes("apple-touch-icon")) return "icon";
  return null;
}

/** The URL-bearing attributes of one tag. */
function refsOf(tag: StartTag): RawRef[] {
  const { name, attrs } = tag;
  const out: RawRef[] = [];
  const add = (attr: string, kind: RefKind, isLink = false) => {
    if (attrs[attr] !== undefined) out.push({ value: attrs[attr], kind, source: `${name} ${attr}`, isLink });
  };
  const addSrcset = (kind: RefKind) => {
    for (const value of srcsetUrls(attrs.srcset ?? "")) out.push({ value, kind, source: `${name} srcset`, isLink: false });
  };
  if (name === "a" || name === "area") add("href", "link", true);
  else if (name === "img") {
    add("src", "image");
    addSrcset("image");
  } else if (name === "source") {
    add("src", "media");
    addSrcset("image");
  } else if (name === "script") add("src", "script");
  else if (name === "iframe") add("src", "frame");
  else if (name === "video" || name === "audio") {
    add("src", "media");
    add("poster", "image");
  } else if (name === "link") {
    const kind = linkRelKind(attrs.rel ?? "");
    if (kind) add("href", kind);
  }
  return out;
}

/** The title, base URL, links and resources of an HTML page fetched from `pageUrl`; each URL once per page and kind. */
export function parseHtml(html: string, pageUrl: string): ParsedHtml {
  const { tags, title } = scanHtml(html);
  const baseTag = tags.find((t) => t.name === "base" && t.attrs.href !== undefined);
  let baseUrl = pageUrl;
  if (baseTag) {
    try {
      baseUrl = new URL(baseTag.attrs.href.trim(), pageUrl).toString();
    } catch {
      // an unusable <base href> is ignored, as browsers do
    }
  }
  const links: HtmlRef[] = [];
  const resources: HtmlRef[] = [];
  const seen = new Set<string>();
  for (const ref of tags.flatMap(refsOf)) {
    const url = resolveRef(ref.value, baseUrl);
    const key = `${ref.kind} ${url}`;
    if (!url || seen.has(key)) continue;
    seen.add(key);
    (ref.isLink ? links : resources).push({ url, kind: ref.kind, source: ref.source });
  }
  return { title: title || null, baseUrl, links, resources };
}

/** Resources an https page loads over plain http (browsers block or warn); links to http pages are fine. */
export function insecureResources(pageUrl: string, resources: HtmlRef[]): HtmlRef[] {
  if (!pageUrl.startsWith("https:")) return [];
  return resources.filter((r) => r.url.startsWith("http:"));
}

/** The <loc> URLs of a sitemap or sitemap index (which lists further sitemaps rather than pages). */
export function parseSitemap(xml: string): { isIndex: boolean; locs: string[] } {
  const text = xml.replace(/<!--[\s\S]*?-->/g, "");
  const locs: string[] = [];
  for (const match of text.matchAll(/<loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/loc>/gi)) {
    const loc = decodeEntities(match[1].trim());
    if (loc) locs.push(loc);
  }
  return { isIndex: /<sitemapindex[\s>]/i.test(text), locs };
}
