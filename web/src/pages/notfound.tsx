import { t, tx } from "../i18n";
import { Link } from "../router";
import { PageTitle } from "../ui";

export function NotFoundPage() {
  return (
    <>
      <PageTitle title={t("notFound.title")}>{t("notFound.title")}</PageTitle>
      <p>{t("notFound.text")}</p>
      <p>
        {tx("notFound.next", {
          federation: <Link href="/">{t("notFound.federation")}</Link>,
          record: <Link href="/record">{t("notFound.record")}</Link>,
        })}
      </p>
    </>
  );
}
