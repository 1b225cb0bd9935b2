/** What every request handler can read from the context. */
import type { SessionUser } from "../auth/session";
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Translator } from "../i18n";
import type { Logger } from "../log";

export type AppEnv = {
  Variables: {
    db: Db;
    config: Config;
    requestId: string;
    log: Logger;
    user: SessionUser | null;
    sessionId: string | null;
    i18n: Translator;
  };
};
