import { useState } from "preact/hooks";
import { Link, navigate, useLocation } from "../router";
import { useSession } from "../session";
import { t } from "../i18n";
import { ActionError, concerns, FormFooter, fieldAria, PageTitle, useSubmit } from "../ui";

// Only paths inside the app are followed after logging in.
function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}

export function LoginPage() {
  const { me, login } = useSession();
  const { query } = useLocation();
  const [member, setMember] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(query.get("next"));
  const act = useSubmit(
    () => login(member.trim(), password),
    (s) => {
      setPassword("");
      navigate(next ?? (s.operator ? "/" : "/home"));
    },
  );
  const error = act.error;

  return (
    <div class="narrow">
      <PageTitle title={t("login.title")}>{t("login.title")}</PageTitle>
      {query.get("out") === "1" && !me && (
        <p class="notice ok" role="status">
          {t("login.loggedOut")}
        </p>
      )}
      {me && (
        <p class="notice ok" role="status">
          {t("login.loggedInAs", { who: me.operator ? t("login.operator") : (me.name ?? me.member) })}{" "}
          <Link href="/">{t("login.toFederation")}</Link>.
        </p>
      )}
      <form onSubmit={act.onSubmit} class="form" aria-describedby={error ? "login-error" : undefined}>
        <ActionError error={error} id="login-error" />
        <div class="field">
          <label for="member">{t("login.member")}</label>
          <input
            id="member"
            name="member"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            required
            value={member}
            onInput={(e) => setMember((e.target as HTMLInputElement).value)}
            {...fieldAria(concerns(error, "member"), "login-error", "member-hint")}
          />
          <p id="member-hint" class="hint">
            {t("login.memberHint", { example: "m-0000002" })}
          </p>
        </div>
        <div class="field">
          <label for="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            {...fieldAria(concerns(error, "password"), "login-error")}
          />
        </div>
        <FormFooter action={act} label={t("login.submit")} busyLabel={t("login.busy")} wrap={false} errorAbove />
      </form>
    </div>
  );
}
