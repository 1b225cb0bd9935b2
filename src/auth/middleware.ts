/** Who is asking (from the session cookie) and whether their role may do what the route needs. */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from "./cookie";
import { allowed, type Permission, type RouteAccess } from "./permissions";
import { type SessionUser, validateSessionToken } from "./session";
import type { Actor } from "./users";

export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("user", null);
    c.set("sessionId", null);
    const token = readSessionCookie(c);
    if (token) {
      const { session, user, renewed } = await validateSessionToken(c.get("db"), token);
      if (session) {
        c.set("user", user);
        c.set("sessionId", session.id);
        if (renewed) setSessionCookie(c, token, session.expiresAt);
      } else {
        deleteSessionCookie(c);
      }
    }
    await next();
  };
}

export type { RouteAccess };
/** The route-walk test reads `access` back from each route's first middleware. */
export type AccessMiddleware = MiddlewareHandler<AppEnv> & { access: RouteAccess };

/** Every route declares what it needs with this middleware; signed-out visitors are sent to sign in. */
export function need(permission: Permission): AccessMiddleware {
  return guard(permission);
}

/** The partner portal's routes: partner accounts only; every query there is scoped to `partnerOrganizationId(c)`. */
export function partnerOnly(): AccessMiddleware {
  return guard("partner");
}

/** The organisation a partner acts for, in a handler behind `partnerOnly()`: from the session, never from the URL. */
export function partnerOrganizationId(c: Context<AppEnv>): number {
  const { organizationId } = signedIn(c).user;
  if (organizationId === null)
    throw new Error("partnerOrganizationId() used on a route without partnerOnly()");
  return organizationId;
}

function guard(access: Exclude<RouteAccess, "public">): AccessMiddleware {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.get("user");
    if (!user) {
      if (c.req.method === "GET" || c.req.method === "HEAD") {
        const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ""));
        return c.redirect(`/login?next=${next}`, 303);
      }
      return renderErrorPage(c, 401);
    }
    if (!allowed(user.role, access)) return renderErrorPage(c, 403);
    return next();
  };
  return Object.assign(middleware, { access });
}

/** Marks a route that anyone may reach (sign-in, setup with its token, static files). */
export function open(): AccessMiddleware {
  const middleware: MiddlewareHandler<AppEnv> = (_c, next) => next();
  return Object.assign(middleware, { access: "public" as const });
}

/** Who is acting, for audit events: the signed-in user and this request's id. */
export function actorOf(c: Context<AppEnv>): Actor {
  return { userId: signedIn(c).user.id, requestId: c.get("requestId") };
}

/** The signed-in user and session, in a handler behind `need()` (which has already turned everyone else away). */
export function signedIn(c: Context<AppEnv>): { user: SessionUser; sessionId: string } {
  const user = c.get("user");
  const sessionId = c.get("sessionId");
  if (!user || !sessionId) throw new Error("signedIn() used on a route without need()");
  return { user, sessionId };
}
