import { Link } from "../router";
import { PageTitle } from "../ui";

export function NotFoundPage() {
  return (
    <>
      <PageTitle title="Page not found">Page not found</PageTitle>
      <p>There is no page at this address.</p>
      <p>
        <Link href="/">Go to the federation</Link> or <Link href="/record">the public record</Link>.
      </p>
    </>
  );
}
