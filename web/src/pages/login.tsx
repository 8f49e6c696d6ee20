import { useState } from "preact/hooks";
import { Link, navigate, useLocation } from "../router";
import { useSession } from "../session";
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
      <PageTitle title="Log in">Log in</PageTitle>
      {query.get("out") === "1" && !me && (
        <p class="notice ok" role="status">
          You are logged out.
        </p>
      )}
      {me && (
        <p class="notice ok" role="status">
          You are logged in as {me.operator ? "the operator" : (me.name ?? me.member)}.{" "}
          <Link href="/">Go to the federation</Link>.
        </p>
      )}
      <form onSubmit={act.onSubmit} class="form" aria-describedby={error ? "login-error" : undefined}>
        <ActionError error={error} id="login-error" />
        <div class="field">
          <label for="member">Member id</label>
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
            Like m-0000002, or “operator” for the operator.
          </p>
        </div>
        <div class="field">
          <label for="password">Password</label>
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
        <FormFooter action={act} label="Log in" busyLabel="Logging in…" wrap={false} errorAbove />
      </form>
    </div>
  );
}
