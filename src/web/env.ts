/** What every request handler can read from the context. */
import type { SessionUser } from "../auth/session";
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Translator } from "../i18n";
import type { Logger } from "../log";

export type AppEnv = {
  Variables: {
    db: Db;
    /** Where reports and exports read: the replica (DATABASE_REPLICA_URL) when there is one, else `db`. */
    readDb: Db;
    /** Tells this process's job worker to look for work now (a request just queued some). */
    wakeWorker: () => void;
    config: Config;
    requestId: string;
    log: Logger;
    user: SessionUser | null;
    sessionId: string | null;
    i18n: Translator;
  };
};
