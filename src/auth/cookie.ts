/** The session cookie: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix when the app is served over HTTPS. */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../web/env";

function cookieName(c: Context<AppEnv>): string {
  return c.get("config").secureCookies ? "__Host-roundtable_session" : "roundtable_session";
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c));
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("config").secureCookies,
    path: "/",
    expires: expiresAt,
  });
}

export function deleteSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(c), { path: "/", secure: c.get("config").secureCookies });
}
