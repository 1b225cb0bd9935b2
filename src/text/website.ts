/** Website fields as typed or imported ("links-caucasus.org"), made into links that are safe to put in an href. */
import { domainToUnicode } from "node:url";

// A scheme is letters before a colon that is not followed by a port number ("localhost:3000", "x.org:8080").
const scheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

/** "links-caucasus.org" → "https://links-caucasus.org"; null for what is not an http(s) site ("javascript:…", "ftp://…"). */
export function normalizeWebsite(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  const withScheme = scheme.test(text) ? text : `https://${text.replace(/^\/\//, "")}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // "info@ngo.az" typed into the website field would otherwise become a link to ngo.az with a user name.
  if (url.username !== "" || url.password !== "") return null;
  const labels = url.hostname.split(".");
  const named = labels.length > 1 && labels.every((label) => label !== "");
  if (!named && url.hostname !== "localhost") return null;
  // URL lower-cases the host and writes it in punycode; people read "նախագիծ.հայ", not "xn--…".
  const host = domainToUnicode(url.hostname) + (url.port === "" ? "" : `:${url.port}`);
  const path = url.pathname === "/" ? "" : url.pathname;
  return `${url.protocol}//${host}${path}${url.search}${url.hash}`;
}
