/** createApp: the middleware chain, the feature sub-apps, and the error pages. */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { calendarRoutes } from "./activities/calendar";
import { partnerRoutes } from "./activities/partners";
import { activityRoutes } from "./activities/routes";
import { affiliationRoutes } from "./affiliations/routes";
import { loadSession, open } from "./auth/middleware";
import { authRoutes } from "./auth/routes";
import type { Config } from "./config";
import { consentRoutes } from "./consent/routes";
import { dashboardRoutes } from "./dashboard/routes";
import { type Db, pingDatabase } from "./db/client";
import { tagRoutes } from "./directory/tag-suggestions";
import { createTranslator } from "./i18n";
import { importRoutes, uploadTooLarge } from "./imports/routes";
import { maxFileBytes } from "./imports/run";
import { contactRoutes } from "./interactions/contact-routes";
import { notContactedRoutes } from "./interactions/not-contacted";
import { interactionRoutes } from "./interactions/routes";
import { describeError, type Logger } from "./log";
import { mailRoutes } from "./mail/routes";
import { mergeRoutes } from "./merge/routes";
import { organizationRoutes } from "./organizations/routes";
import { participantRoutes } from "./participants/routes";
import { portalRoutes } from "./partners/portal-routes";
import { reviewRoutes } from "./partners/review-routes";
import { signupRoutes } from "./partners/signup-routes";
import { peopleRoutes } from "./people/routes";
import { programmeRoutes } from "./programmes/routes";
import { accessLogRoutes } from "./protection/access-log-routes";
import { erasureRoutes } from "./protection/erasure-routes";
import { everythingRoutes } from "./protection/everything-routes";
import { pseudonymisedRoutes } from "./protection/pseudonymised-routes";
import { reportRoutes } from "./reports/routes";
import { searchRoutes } from "./search/routes";
import { timelineRoutes } from "./timeline/routes";
import { userRoutes } from "./users/routes";
import type { AppEnv } from "./web/env";
import { renderErrorPage } from "./web/errors";
import { chooseLanguage, csrfProtection, requestContext } from "./web/middleware";
import { serveStaticFile } from "./web/static-files";

export type AppDeps = {
  db: Db;
  config: Config;
  log: Logger;
  /** A read replica for reports and exports (DATABASE_REPLICA_URL); `db` without one. */
  readDb?: Db;
  /** Wakes this process's job worker; nothing to wake where no worker runs (its jobs wait for one). */
  wakeWorker?: () => void;
};

/** Form posts are small. Routes that take files (imports) will need this limit to make an exception for them. */
export const defaultBodyLimit = 1024 * 1024;

export function createApp({ db, config, log, readDb = db, wakeWorker = () => {} }: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestContext(log));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "same-origin",
      // HSTS means something only over HTTPS; on plain http (a laptop, the demo) it is left out.
      strictTransportSecurity: config.secureCookies ? "max-age=15552000; includeSubDomains" : false,
    }),
  );
  app.use(async (c, next) => {
    c.set("db", db);
    c.set("readDb", readDb);
    c.set("wakeWorker", wakeWorker);
    c.set("config", config);
    await next();
  });
  app.use(loadSession());
  app.use(chooseLanguage());
  app.use(csrfProtection(config.publicUrl));
  // Uploads of files to import have their own, larger limit (checked again by the route, with its own message).
  const formLimit = bodyLimit({ maxSize: defaultBodyLimit, onError: (c) => renderErrorPage(c, 413) });
  const uploadLimit = bodyLimit({ maxSize: maxFileBytes + 64 * 1024, onError: uploadTooLarge });
  // A GET or HEAD has no body; asking for one would make the Node adapter build a whole Request (0.2 ms a request).
  app.use((c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    return (c.req.method === "POST" && c.req.path === "/imports" ? uploadLimit : formLimit)(c, next);
  });

  app.get("/static/*", open(), serveStaticFile);
  app.get("/healthz", open(), async (c) => {
    await pingDatabase(db);
    return c.text("ok");
  });
  app.route("/", authRoutes);
  app.route("/", dashboardRoutes);
  app.route("/", userRoutes);
  app.route("/", mailRoutes);
  app.route("/", accessLogRoutes);
  app.route("/", signupRoutes);
  app.route("/", portalRoutes);
  app.route("/", reviewRoutes);
  // Before the organisation routes: /organizations/suggestions must not be read as /organizations/:id.
  app.route("/", affiliationRoutes);
  app.route("/", notContactedRoutes);
  app.route("/", interactionRoutes);
  // After the log's own routes: /interactions/new is not a contact's page.
  app.route("/", contactRoutes);
  app.route("/", mergeRoutes);
  app.route("/", calendarRoutes);
  app.route("/", activityRoutes);
  app.route("/", partnerRoutes);
  app.route("/", participantRoutes);
  app.route("/", organizationRoutes);
  app.route("/", peopleRoutes);
  app.route("/", consentRoutes);
  app.route("/", everythingRoutes);
  app.route("/", erasureRoutes);
  app.route("/", programmeRoutes);
  app.route("/", importRoutes);
  app.route("/", reportRoutes);
  app.route("/", pseudonymisedRoutes);
  app.route("/", searchRoutes);
  app.route("/", tagRoutes);
  app.route("/", timelineRoutes);

  app.notFound((c) => renderErrorPage(c, 404));
  app.onError((error, c) => {
    if (!c.get("i18n")) c.set("i18n", createTranslator("en"));
    (c.get("log") ?? log).error("unhandled error", { error: describeError(error) });
    return renderErrorPage(c, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
