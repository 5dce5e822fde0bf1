/** Seeded inputs for the API fuzz suite: the same seed gives the same requests on every run. */

export type Rng = () => number;

/** mulberry32: small, fast and good enough to pick test inputs reproducibly. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedOf = (text: string, base: number) => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), base >>> 0);

export function shuffle<T>(items: T[], random: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const ODD_STRINGS: string[] = [
  "",
  " ",
  "\u202eevil.exe\u202c",
  "مرحبا بالعالم",
  "e" + "\u0301".repeat(500),
  "\ud800",
  "\udfff",
  "a\ud83d",
  "nul\u0000byte",
  "\u0000",
  "🚀👩‍👩‍👧‍👦🏳️‍🌈",
  "💥".repeat(3000),
  "\u200b\u200d\ufeff",
  "line\u2028sep\u2029",
  "\u0007\u001b[31mred",
  "x".repeat(20_000),
  "../../etc/passwd",
  "' OR '1'='1' --",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://evil.example\")",
  "%00%ff%",
  "null",
  "undefined",
  "[object Object]",
  "__proto__",
  "ＦＵＬＬ",
  "Ⅻ",
  "İstanbul",
];

// Code point pools for generated strings: directional marks, combining marks, surrogate halves, emoji, CJK, controls.
const POOLS = [
  [0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2069],
  [0x0300, 0x0301, 0x0302, 0x0303, 0x0308, 0x0327, 0x20dd],
  [0xd800, 0xdbff, 0xdc00, 0xdfff],
  [0x1f680, 0x1f469, 0x200d, 0x1f3f3, 0xfe0f, 0x1f1fa, 0x1f1f8],
  [0x4e2d, 0x6587, 0x3042, 0xac00, 0x0627, 0x05d0],
  [0x0000, 0x0001, 0x0008, 0x000b, 0x001f, 0x007f, 0x0085, 0xfffe, 0xffff],
  [0x0041, 0x007a, 0x0030, 0x002d, 0x0022, 0x005c, 0x002f],
];

export function randomString(random: Rng, maxLength = 300): string {
  const length = 1 + Math.floor(random() * maxLength);
  let out = "";
  for (let i = 0; i < length; i++) {
    const pool = POOLS[Math.floor(random() * POOLS.length)];
    out += String.fromCodePoint(pool[Math.floor(random() * pool.length)]);
    if (random() < 0.1) out += String.fromCodePoint(0x1f600 + Math.floor(random() * 80));
  }
  return out;
}

/** Raw JSON fragments of every type but the expected one, including numbers JSON.stringify cannot write. */
export const WRONG_JSON: string[] = [
  "null",
  "true",
  "0",
  "-1",
  "1.5",
  "1e999",
  "-1e999",
  "99999999999999999999999999999",
  "[]",
  '[1,"a",null]',
  "{}",
  '{"$gt":""}',
  '{"__proto__":{"isInstanceAdmin":true}}',
  ...ODD_STRINGS.map((s) => JSON.stringify(s)),
];

export const ODD_IDS: string[] = [
  ...ODD_STRINGS.filter((s) => s.length < 5000),
  "c" + "0".repeat(24),
  "ck" + "z".repeat(23),
  "-1",
  "0",
  "99999999999999999999",
  "%2e%2e",
  "a/b",
  "x".repeat(1000),
];

export const ODD_QUERY_VALUES: string[] = [
  ...ODD_IDS,
  "1e999",
  "-0",
  "NaN",
  "Infinity",
  "0x10",
  "9223372036854775808",
  "2025-02-30T00:00:00Z",
  "0000-01-01T00:00:00+23:59",
  "9999-12-31T23:59:59-23:59",
  "2025-01-01T00:00:00.123456789Z",
];

/** Header values must be ByteStrings; these are the odd ones a client can actually send. */
export const ODD_HEADER_VALUES: string[] = [
  "x".repeat(8000),
  "9".repeat(400),
  "-1",
  "0",
  "1e3",
  "caf\u00e9",
  "a b\tc",
  "<script>",
  "' OR 1=1",
  "../..",
  "null",
];

export const CONTENT_TYPES: string[] = [
  "text/plain",
  "text/plain; application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json; charset=utf-8",
  "application/json;;",
  "application/json; charset",
  "*/*",
  "application/JSON",
];

export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
export const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
export const wideObject = (keys: number) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i])));
