/** One-shot messages carried across a redirect in a short-lived cookie (Post/Redirect/Get). */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { MessageKey, Params } from "../i18n";
import type { AppEnv } from "./env";

const cookieName = "roundtable_flash";
export type Flash = { key: MessageKey; params?: Params };

export function setFlash(c: Context<AppEnv>, flash: Flash): void {
  const value = Buffer.from(JSON.stringify(flash)).toString("base64url");
  setCookie(c, cookieName, value, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 });
}

/** Reads and clears the flash; a malformed cookie is ignored. */
export function takeFlash(c: Context<AppEnv>): string | null {
  const value = getCookie(c, cookieName);
  if (!value) return null;
  deleteCookie(c, cookieName, { path: "/" });
  try {
    const flash = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Flash;
    return typeof flash.key === "string" ? c.get("i18n").t(flash.key, flash.params) : null;
  } catch {
    return null;
  }
}

/** Redirects (303, so the browser GETs) with a flash message. */
export function redirectWithFlash(c: Context<AppEnv>, location: string, flash: Flash): Response {
  setFlash(c, flash);
  return c.redirect(location, 303);
}
