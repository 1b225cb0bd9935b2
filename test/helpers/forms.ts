/** Reading what a rendered form carries: its one-time token, as a browser would send it back. */
export function formTokenIn(html: string): string {
  const found = /name="formToken" value="([^"]+)"/.exec(html);
  if (!found?.[1]) throw new Error("no form token on the page");
  return found[1];
}
