import { describe, expect, it } from "vitest";
import { decodeEntities, insecureResources, parseHtml, parseSitemap, resolveRef, scanHtml, srcsetUrls } from "./html";

const PAGE = "http://site.test/dir/page";

const urls = (refs: { url: string }[]) => refs.map((r) => r.url);

describe("scanHtml", () => {
  it("reads double-, single- and un-quoted attributes, valueless ones and attributes with no space between them", () => {
    const { tags } = scanHtml(`<A HREF="/one" data-x=1><a href='/two'title="t"><a href=/three><input disabled value=x>`);
    expect(tags.map((t) => t.attrs)).toEqual([
      { href: "/one", "data-x": "1" },
      { href: "/two", title: "t" },
      { href: "/three" },
      { disabled: "", value: "x" },
    ]);
  });

  it("skips comments, doctypes and the text of scripts, styles and textareas", () => {
    const html = `<!doctype html><!-- <a href="/commented"> --><!--><a href="/after-empty-comment">
      <script>document.write('<a href="/in-script">')</script><style>a::after{content:"<img src=/in-style>"}</style>
      <textarea><a href="/in-textarea"></textarea><a href="/real">`;
    expect(scanHtml(html).tags.filter((t) => t.name === "a").map((t) => t.attrs.href)).toEqual(["/after-empty-comment", "/real"]);
  });

  it("reads the first document title, collapsed and decoded, and ignores SVG <title> tooltips", () => {
    expect(scanHtml(`<svg><title>Icon</title></svg><title>\n  Fish &amp; Chips\n </title><title>Second</title>`).title).toBe("Fish & Chips");
    expect(scanHtml(`<svg><title>Icon only</title></svg><p>no title`).title).toBeNull();
    expect(scanHtml(`<title>   </title>`).title).toBe("");
  });

  it("survives unterminated tags, quotes and comments", () => {
    expect(() => scanHtml(`<a href="/x`)).not.toThrow();
    expect(scanHtml(`<p>a < b</p><a href='/ok'>`).tags.map((t) => t.name)).toEqual(["p", "a"]);
    expect(scanHtml(`<!-- never closed <a href="/x">`).tags).toEqual([]);
  });
});

describe("decodeEntities and srcsetUrls", () => {
  it("decodes named and numeric entities and leaves unknown ones", () => {
    expect(decodeEntities("/a?x=1&amp;y=2&#38;z=&#x33;&bogus;")).toBe("/a?x=1&y=2&z=3&bogus;");
  });

  it("splits srcset candidates, with or without descriptors", () => {
    expect(srcsetUrls("a.png 1x, b.png 2x")).toEqual(["a.png", "b.png"]);
    expect(srcsetUrls("small.jpg 480w,large.jpg 1080w")).toEqual(["small.jpg", "large.jpg"]);
    expect(srcsetUrls(" only.png ")).toEqual(["only.png"]);
    expect(srcsetUrls("a.png, b.png")).toEqual(["a.png", "b.png"]);
  });
});

describe("resolveRef", () => {
  it("resolves against the base and drops the fragment", () => {
    expect(resolveRef("../up#top", PAGE)).toBe("http://site.test/up");
    expect(resolveRef("//cdn.test/x.js", PAGE)).toBe("http://cdn.test/x.js");
  });

  it("skips fragments, empty values and mailto, tel, javascript and data URLs (even split by newlines)", () => {
    for (const raw of ["#top", "", "  ", "mailto:a@b.test", "TEL:+1", "javascript:void(0)", "java\nscript:alert(1)", "data:image/png;base64,AA", "ftp://x.test/"]) {
      expect(resolveRef(raw, PAGE), raw).toBeNull();
    }
  });
});

describe("parseHtml", () => {
  it("sorts links from resources, each URL once per kind", () => {
    const html = `<title>T</title>
      <link rel="stylesheet" href="/s.css"><link rel="shortcut icon" href="/favicon.ico"><link rel="preconnect" href="https://fonts.test">
      <a href="/a">A</a><a href="/a#again">A</a><area href="/map">
      <img src="/i.png" srcset="/i.png 1x, /i@2x.png 2x"><picture><source srcset="/p.webp"></picture>
      <script src="/app.js"></script><iframe src="/embed"></iframe><video src="/v.mp4" poster="/poster.jpg"></video>`;
    const page = parseHtml(html, "http://site.test/");
    expect(page.title).toBe("T");
    expect(urls(page.links)).toEqual(["http://site.test/a", "http://site.test/map"]);
    expect(page.resources.map((r) => [new URL(r.url).pathname, r.kind])).toEqual([
      ["/s.css", "stylesheet"],
      ["/favicon.ico", "icon"],
      ["/i.png", "image"],
      ["/i@2x.png", "image"],
      ["/p.webp", "image"],
      ["/app.js", "script"],
      ["/embed", "frame"],
      ["/v.mp4", "media"],
      ["/poster.jpg", "image"],
    ]);
  });

  it("resolves relative URLs against <base href>, wherever it appears in the head", () => {
    const page = parseHtml(`<a href="guide">G</a><base href="/docs/"><img src="img/x.png">`, PAGE);
    expect(page.baseUrl).toBe("http://site.test/docs/");
    expect(urls(page.links)).toEqual(["http://site.test/docs/guide"]);
    expect(urls(page.resources)).toEqual(["http://site.test/docs/img/x.png"]);
  });

  it("reports no title when <title> is missing or blank", () => {
    expect(parseHtml(`<h1>Hi</h1>`, PAGE).title).toBeNull();
    expect(parseHtml(`<title> </title>`, PAGE).title).toBeNull();
  });
});

// Mixed content is tested here rather than through the engine: the guarded client trusts only real certificates,
// so a local https fixture would need the policy or the client weakened for tests.
describe("insecureResources (mixed content)", () => {
  const html = `<title>Secure</title><a href="http://old.test/">plain link</a>
    <img src="http://cdn.test/logo.png"><script src="https://cdn.test/app.js"></script><link rel=stylesheet href="http://cdn.test/s.css">`;

  it("flags http resources on an https page, and not http links", () => {
    const page = parseHtml(html, "https://site.test/");
    expect(insecureResources("https://site.test/", page.resources).map((r) => [r.url, r.kind])).toEqual([
      ["http://cdn.test/logo.png", "image"],
      ["http://cdn.test/s.css", "stylesheet"],
    ]);
  });

  it("flags nothing on an http page or an https page that loads only https", () => {
    expect(insecureResources("http://site.test/", parseHtml(html, "http://site.test/").resources)).toEqual([]);
    const clean = parseHtml(`<img src="/a.png"><script src="https://cdn.test/x.js"></script>`, "https://site.test/");
    expect(insecureResources("https://site.test/", clean.resources)).toEqual([]);
  });
});

describe("parseSitemap", () => {
  it("reads <loc> values, with CDATA and entities, and ignores commented ones", () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>http://site.test/</loc></url><url><loc> <![CDATA[http://site.test/a?x=1&y=2]]> </loc></url>
      <url><loc>http://site.test/b?x=1&amp;y=2</loc></url><!-- <url><loc>http://site.test/old</loc></url> --></urlset>`;
    expect(parseSitemap(xml)).toEqual({ isIndex: false, locs: ["http://site.test/", "http://site.test/a?x=1&y=2", "http://site.test/b?x=1&y=2"] });
  });

  it("recognises a sitemap index", () => {
    expect(parseSitemap(`<sitemapindex><sitemap><loc>http://site.test/s1.xml</loc></sitemap></sitemapindex>`).isIndex).toBe(true);
  });
});
