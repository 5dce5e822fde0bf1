// What the API accepts as an allowed origin (ZFeedbackSettingsUpdate.allowedOrigins), checked in the browser first
// so a typo is explained beside the field, and written the way browsers send the Origin header.

export const MAX_ORIGINS = 20;

export function normalizeOrigin(input: string): { origin: string } | { error: string } {
  const raw = input.trim();
  if (!raw) return { error: "Type an origin such as https://shop.example.com." };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `“${raw}” is not an address. Write it like https://shop.example.com.` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: "Only http:// and https:// origins can post." };
  if (url.username || url.password) return { error: "Leave out the user name and password." };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) return { error: `Leave out the path: ${url.origin} covers every page of that site.` };
  if (url.origin.length > 200) return { error: "That origin is too long (at most 200 characters)." };
  return { origin: url.origin };
}
