/**
 * The client's address for throttling: the socket's, or with TRUST_PROXY the last X-Forwarded-For entry, the one
 * our proxy appended (earlier entries are whatever the client chose to send).
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "./env";

export function clientIp(c: Context<AppEnv>): string {
  if (c.get("config").trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
