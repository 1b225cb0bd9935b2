/** The page shell: skip link, navigation with the signed-in user and role, language switcher, flash area. */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { can, homeOf } from "../auth/permissions";
import type { SessionUser } from "../auth/session";
import { type Locale, localeNames, locales, type Translator } from "../i18n";

type LayoutProps = {
  title: string;
  i18n: Translator;
  user: SessionUser | null;
  flash: string | null;
  path: string;
  children?: Child;
};

export function Layout({ title, i18n, user, flash, path, children }: LayoutProps) {
  const { t } = i18n;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={i18n.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
          <title>{`${title} · Roundtable`}</title>
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/htmx.min.js" defer></script>
        </head>
        <body hx-boost:inherited="true">
          <a class="skip-link" href="#main">
            {t("nav.skip")}
          </a>
          <header class="site-header">
            <nav class="nav" aria-label={t("nav.label")}>
              <a class="brand" href={user ? homeOf(user.role) : "/"}>
                Roundtable
              </a>
              {user && <NavLinks i18n={i18n} user={user} path={path} />}
              {user && can(user.role, "directory:view") && <SearchBox i18n={i18n} />}
              <div class="nav-end">
                <LanguageSwitcher i18n={i18n} />
                {user && <UserMenu i18n={i18n} user={user} />}
              </div>
            </nav>
          </header>
          <main id="main" tabindex={-1}>
            <div id="flash" role="status" aria-live="polite">
              {flash && <p class="flash">{flash}</p>}
            </div>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

function NavLinks({ i18n, user, path }: { i18n: Translator; user: SessionUser; path: string }) {
  const links = [
    { href: "/", label: i18n.t("nav.dashboard"), show: can(user.role, "dashboard:view") },
    { href: "/partner", label: i18n.t("nav.partnerHome"), show: user.role === "partner" },
    { href: "/partner/activities", label: i18n.t("nav.partnerActivities"), show: user.role === "partner" },
    { href: "/people", label: i18n.t("nav.people"), show: can(user.role, "directory:view") },
    { href: "/organizations", label: i18n.t("nav.organizations"), show: can(user.role, "directory:view") },
    { href: "/programmes", label: i18n.t("nav.programmes"), show: can(user.role, "directory:view") },
    { href: "/activities", label: i18n.t("nav.activities"), show: can(user.role, "directory:view") },
    { href: "/interactions", label: i18n.t("nav.contactLog"), show: can(user.role, "directory:view") },
    { href: "/interactions/new", label: i18n.t("nav.logContact"), show: can(user.role, "interactions:log") },
    { href: "/duplicates", label: i18n.t("nav.duplicates"), show: can(user.role, "records:merge") },
    { href: "/imports", label: i18n.t("nav.imports"), show: can(user.role, "imports:run") },
    { href: "/reports", label: i18n.t("nav.reports"), show: can(user.role, "reports:view") },
    {
      href: "/partner-requests",
      label: i18n.t("nav.partnerRequests"),
      show: can(user.role, "partners:review"),
    },
    { href: "/admin/users", label: i18n.t("nav.users"), show: can(user.role, "users:manage") },
    { href: "/admin/outbox", label: i18n.t("nav.outbox"), show: can(user.role, "mail:outbox") },
    { href: "/admin/access-log", label: i18n.t("nav.accessLog"), show: can(user.role, "access:log") },
  ];
  // One link is the current page: the most specific (/interactions/new, not also /interactions).
  const current = links
    .filter((link) => link.show && isCurrent(path, link.href))
    .reduce<string | undefined>(
      (best, link) => (best && best.length > link.href.length ? best : link.href),
      undefined,
    );
  return (
    <ul class="nav-links">
      {links
        .filter((link) => link.show)
        .map((link) => (
          <li>
            <a href={link.href} aria-current={link.href === current ? "page" : undefined}>
              {link.label}
            </a>
          </li>
        ))}
    </ul>
  );
}

function isCurrent(path: string, href: string): boolean {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

function LanguageSwitcher({ i18n }: { i18n: Translator }) {
  return (
    <form method="post" action="/locale" class="language-switcher">
      <fieldset>
        <legend class="visually-hidden">{i18n.t("nav.language")}</legend>
        {locales.map((locale: Locale) => (
          <button
            type="submit"
            name="locale"
            value={locale}
            lang={locale}
            aria-pressed={locale === i18n.locale ? "true" : "false"}
          >
            {localeNames[locale]}
          </button>
        ))}
      </fieldset>
    </form>
  );
}

function UserMenu({ i18n, user }: { i18n: Translator; user: SessionUser }) {
  return (
    <div class="user-menu">
      <a href="/account" class="user-name">
        {user.name}
      </a>
      <span class="role-badge">{i18n.t(`role.${user.role}`)}</span>
      <form method="post" action="/logout">
        <button type="submit" class="link-button">
          {i18n.t("nav.signOut")}
        </button>
      </form>
    </div>
  );
}

/** The search box on every page: people and organisations by any part of a name, email or phone. */
function SearchBox({ i18n }: { i18n: Translator }) {
  return (
    <search class="nav-search">
      <form method="get" action="/search">
        <label for="nav-search" class="visually-hidden">
          {i18n.t("search.label")}
        </label>
        <input id="nav-search" type="search" name="q" placeholder={i18n.t("search.placeholder")} />
        <button type="submit">{i18n.t("search.submit")}</button>
      </form>
    </search>
  );
}
