import { useState } from "preact/hooks";
import { PageTitle } from "../App";
import { useTexts } from "../i18n";
import { signInAsDemoUser, signInWithProvider, type Session, type SignInOptions } from "../session";
import { Failure } from "../components/async";

export function SignIn({ options, expired, onSignedIn }: { options: SignInOptions; expired: boolean; onSignedIn: (s: Session) => void }) {
  const { t } = useTexts();
  const [error, setError] = useState<Error>();
  const attempt = (signIn: () => Promise<unknown>) => signIn().catch(setError);
  return (
    <section class="sign-in">
      <PageTitle title={t("signInTitle")} />
      <p>{t("signInIntro")}</p>
      {expired && <p class="notice" role="status">{t("sessionExpired")}</p>}
      {error && <Failure error={error} />}
      {options.mode === "development" && (
        <>
          <p>{t("signInDev")}</p>
          <ul class="demo-users">
            {options.users.map((user) => (
              <li key={user.id}>
                <button type="button" onClick={() => attempt(async () => onSignedIn(await signInAsDemoUser(user.id)))}>
                  {t("signInAs")} {t(`role.${user.role}` as "role.mentor") || user.role}
                  <span class="detail"> {user.id} · {user.municipalities.join(", ")}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {options.mode === "oidc" && (
        <button type="button" onClick={() => attempt(() => signInWithProvider(options, location.pathname + location.search))}>{t("signInOidc")}</button>
      )}
      {options.mode === "unavailable" && <p class="notice">{t("signInUnavailable")}</p>}
    </section>
  );
}

export function ChooseMunicipality({ session, onChosen }: { session: Session; onChosen: (municipality: string) => void }) {
  const { t } = useTexts();
  return (
    <section>
      <PageTitle title={t("chooseMunicipalityTitle")} />
      <p>{t("chooseMunicipalityIntro")}</p>
      <ul class="demo-users">
        {session.municipalities.map((m) => (
          <li key={m}><button type="button" onClick={() => onChosen(m)}>{t("municipality")} {m}</button></li>
        ))}
      </ul>
    </section>
  );
}
