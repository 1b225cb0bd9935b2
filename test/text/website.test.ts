/** Website fields become http(s) links, or null when they are not a site. */
import { describe, expect, it } from "vitest";
import { normalizeWebsite } from "../../src/text/website";

describe("normalizeWebsite", () => {
  it("adds https:// when there is no scheme", () => {
    expect(normalizeWebsite("links-caucasus.org")).toBe("https://links-caucasus.org");
    expect(normalizeWebsite("  www.example.az  ")).toBe("https://www.example.az");
    expect(normalizeWebsite("//example.ge")).toBe("https://example.ge");
  });

  it("keeps http and https as given", () => {
    expect(normalizeWebsite("http://example.am")).toBe("http://example.am");
    expect(normalizeWebsite("https://example.am/")).toBe("https://example.am");
  });

  it("lower-cases the scheme and host but keeps the path, query and fragment", () => {
    expect(normalizeWebsite("HTTPS://Links-Caucasus.ORG/About/Team?lang=AZ#Staff")).toBe(
      "https://links-caucasus.org/About/Team?lang=AZ#Staff",
    );
    expect(normalizeWebsite("Example.ORG/Path/")).toBe("https://example.org/Path/");
  });

  it("keeps a port, including one typed without a scheme", () => {
    expect(normalizeWebsite("example.org:8080/x")).toBe("https://example.org:8080/x");
    expect(normalizeWebsite("localhost:3000")).toBe("https://localhost:3000");
    expect(normalizeWebsite("http://localhost:3000/x")).toBe("http://localhost:3000/x");
  });

  it("keeps an internationalised host readable and lower-case", () => {
    expect(normalizeWebsite("ПРИМЕР.рф")).toBe("https://пример.рф");
    expect(normalizeWebsite("https://xn--e1afmkfd.xn--p1ai/")).toBe("https://пример.рф");
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:info@example.org",
    "ftp://x.org",
    "not a site",
    "intranet",
    "https://intranet/",
    "https://.org",
    "https://a..org",
    "http://x.org:99999",
    "info@example.org",
    "https://example.org@evil.example",
    "",
    "   ",
  ])("returns null for %j", (raw) => {
    expect(normalizeWebsite(raw)).toBeNull();
  });
});
