import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useCredentials } from "./api";
import { Catalogue, loadCatalogue } from "./catalogue";
import { texts, TextsContext, useTexts, type Lang } from "./i18n";
import { navigate, onLinkClick, routeOf, useLocation } from "./router";
import { isEvaluatorOnly, isStaff, needsMunicipality, signInOptions, store, stored, type Session, completeProviderSignIn, signOutOfProvider } from "./session";
import { Loaded, useAsync } from "./components/async";
import { SignIn, ChooseMunicipality } from "./pages/SignIn";
import { MyCases } from "./pages/MyCases";
import { CasePage } from "./pages/CasePage";
import { Dashboard } from "./pages/Dashboard";
import { CataloguePage } from "./pages/CataloguePage";
import { CatalogueContext, SessionContext } from "./context";

const languageKey = "progression.language";

export function App() {
  // The language is a preference, not a secret: local storage is fine for it (the token never goes there).
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(languageKey) === "en" ? "en" : "da"));
  const [session, setSession] = useState<Session | null>(stored);
  const [expired, setExpired] = useState(false);
  const location = useLocation();
  const route = routeOf(location.split("?")[0], location.includes("?") ? location.slice(location.indexOf("?")) : "");
  const words = useMemo(() => texts(lang), [lang]);

  const signIn = (next: Session | null) => {
    store(next);
    setSession(next);
    if (next) setExpired(false);
  };
  useCredentials(session && { token: session.token, municipality: session.municipality }, () => { signIn(null); setExpired(true); });

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(languageKey, lang);
  }, [lang]);

  const options = useAsync(signInOptions, []);
  const catalogue = useAsync(() => (session ? loadCatalogue() : Promise.resolve(undefined)), [session?.token]);

  // Back from the OIDC provider: exchange the code (PKCE), then go where the person was going.
  useEffect(() => {
    if (route.page !== "callback" || options.data?.mode !== "oidc") return;
    completeProviderSignIn(options.data).then(({ session: next, returnTo }) => { signIn(next); navigate(returnTo, true); });
  }, [route.page, options.data]);

  const signOut = () => {
    const wasOidc = session?.oidc;
    signIn(null);
    if (wasOidc && options.data?.mode === "oidc") signOutOfProvider(options.data);
    else navigate("/");
  };

  let content;
  if (!session) content = <Loaded state={options}>{(o) => <SignIn options={o} expired={expired} onSignedIn={signIn} />}</Loaded>;
  else if (needsMunicipality(session)) content = <ChooseMunicipality session={session} onChosen={(m) => signIn({ ...session, municipality: m })} />;
  else content = <Loaded state={catalogue}>{(data) => data && (
    <CatalogueContext.Provider value={new Catalogue(data, lang)}>
      <Page route={route} session={session} />
    </CatalogueContext.Provider>
  )}</Loaded>;

  return (
    <TextsContext.Provider value={words}>
      <SessionContext.Provider value={session}>
        <div onClick={onLinkClick}>
          <a class="skip" href="#main">{words.t("skip")}</a>
          <Header session={session} lang={lang} setLang={setLang} signOut={signOut}
            changeMunicipality={session && session.municipalities.length > 1 && !isEvaluatorOnly(session)
              ? () => signIn({ ...session, municipality: undefined }) : undefined} />
          <main id="main" tabIndex={-1}>{content}</main>
          {options.data?.mode === "development" && <DeveloperLinks />}
        </div>
      </SessionContext.Provider>
    </TextsContext.Provider>
  );
}

function Page({ route, session }: { route: ReturnType<typeof routeOf>; session: Session }) {
  const staff = isStaff(session);
  const reads = session.roles.some((r) => r === "coordinator" || r === "evaluator");
  switch (route.page) {
    case "home":
    case "callback":
      return <Redirect to={staff ? "/cases" : reads ? "/dashboard" : "/catalogue"} />;
    case "cases": return staff ? <MyCases /> : <NotYours />;
    case "case": return staff ? <CasePage id={route.id} asOf={route.asOf} /> : <NotYours />;
    case "dashboard": return reads ? <Dashboard /> : <NotYours />;
    case "programmes": return reads ? <Programmes /> : <NotYours />;
    case "catalogue": return <CataloguePage />;
    default: return <NotYours />;
  }
}

// Few use the programme check, and seldom: its code is loaded when the page is opened.
const loadProgrammes = () => import("./pages/Programmes");

function Programmes() {
  const page = useAsync(loadProgrammes, []);
  return <Loaded state={page}>{({ ProgrammesPage }) => <ProgrammesPage />}</Loaded>;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

export function NotYours() {
  const { t } = useTexts();
  return <PageTitle title={t("notYours")} />;
}

/** The page's h1 and document title; focus moves to it when the page changes, so a screen reader hears where it is. */
export function PageTitle({ title, children }: { title: string; children?: preact.ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Progression`;
    heading.current?.focus();
  }, [title]);
  return <h1 ref={heading} tabIndex={-1}>{title}{children}</h1>;
}

function Header({ session, lang, setLang, signOut, changeMunicipality }: {
  session: Session | null; lang: Lang; setLang: (l: Lang) => void; signOut: () => void; changeMunicipality?: () => void;
}) {
  const { t } = useTexts();
  const staff = session && isStaff(session);
  const reads = session?.roles.some((r) => r === "coordinator" || r === "evaluator");
  return (
    <header class="top">
      <a class="brand" href="/">{t("appName")}</a>
      {session && !needsMunicipality(session) && (
        <nav aria-label={t("nav")}>
          <ul>
            {staff && <li><a href="/cases">{t("navCases")}</a></li>}
            {reads && <li><a href="/dashboard">{t("navDashboard")}</a></li>}
            {reads && <li><a href="/programmes">{t("navProgrammes")}</a></li>}
            <li><a href="/catalogue">{t("navCatalogue")}</a></li>
          </ul>
        </nav>
      )}
      <div class="who">
        {session && (
          <>
            <span>{t("signedInAs")} <strong>{session.user}</strong> ({session.roles.map((r) => t(`role.${r}` as "role.mentor") || r).join(", ")})</span>
            {session.municipality && <span>{t("municipality")} {session.municipality}</span>}
            {changeMunicipality && <button type="button" class="link" onClick={changeMunicipality}>{t("changeMunicipality")}</button>}
            <button type="button" class="link" onClick={signOut}>{t("signOut")}</button>
          </>
        )}
        <button type="button" class="link" lang={lang === "da" ? "en" : "da"} title={t("languageName")} onClick={() => setLang(lang === "da" ? "en" : "da")}>
          {t("language")}
        </button>
      </div>
    </header>
  );
}

/** The API's own UI and the GraphQL IDE are served in development only, where the demo sign-in is too. */
function DeveloperLinks() {
  const { t } = useTexts();
  return (
    <footer class="bottom">
      <span>{t("developers")}:</span> <a href="/api/docs" target="_blank" rel="noopener">{t("apiDocs")}</a>{" · "}
      <a href="/graphiql/" target="_blank" rel="noopener">{t("graphiql")}</a>
    </footer>
  );
}
