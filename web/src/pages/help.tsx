// How it works (issue #15): the single transferable vote, the quota, the production share,
// recall, who may do what, with the figures of this federation's constitution as the
// server serves it (GET /api/constitution), never figures written into the page: an
// amendment carried by the congress changes what this page says.
import type { ComponentChildren } from "preact";
import { Link } from "../router";
import {
  durationWords,
  ErrorBox,
  isoSeconds,
  kindLabel,
  Loading,
  PageTitle,
  plural,
  PublicNote,
  shareWords,
  useApi,
} from "../ui";

type Rules = Record<string, unknown>;

// The least whole number that reaches `share` of `of`, as the rules count it (rounded up).
function shareOf(share: string, of: number): number {
  const m = /^(\d+)\/(\d+)$/.exec(share);
  if (!m) return Number.NaN;
  return Math.ceil((of * Number(m[1])) / Number(m[2]));
}

function period(value: unknown): string {
  const s = isoSeconds(String(value ?? ""));
  return Number.isFinite(s) ? durationWords(s) : String(value ?? "");
}

// A figure of the constitution, marked so that a test can hold it against the API.
function Rule({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <strong class="rule" data-rule={name}>
      {children}
    </strong>
  );
}

export function HelpPage() {
  const c = useApi<{ constitution: Rules; founded: boolean }>("/api/constitution");
  return (
    <article class="help">
      <PageTitle title="How it works">How it works</PageTitle>
      <p class="lede">
        The rules below are this federation’s constitution as it stands now. The congress can change them only by an
        amendment carried by the share of its votes the constitution names; when it does, this page changes with them.
      </p>
      <PublicNote />
      {c.error ? (
        <ErrorBox error={c.error} retry={c.reload} />
      ) : !c.data ? (
        <Loading what="the constitution" />
      ) : (
        <HelpText rules={c.data.constitution} />
      )}
    </article>
  );
}

function HelpText({ rules: r }: { rules: Rules }) {
  const petition = String(r.recall_petition ?? "");
  const turnout = String(r.recall_turnout ?? "signatures");
  const production = String(r.production_share ?? "");
  const control = String(r.control_without_executive ?? "");
  const majority = String(r.amendment_majority ?? "");
  const applies = Array.isArray(r.production_share_applies_to) ? (r.production_share_applies_to as string[]) : [];
  const offices = Number(r.max_offices ?? 0);
  return (
    <>
      <nav aria-label="On this page">
        <ul class="link-list">
          <li>
            <a href="#stv">The single transferable vote</a>
          </li>
          <li>
            <a href="#quota">The quota</a>
          </li>
          <li>
            <a href="#production-share">The production share</a>
          </li>
          <li>
            <a href="#recall">Recall</a>
          </li>
          <li>
            <a href="#labour">Officials’ duties</a>
          </li>
          <li>
            <a href="#who">Who may do what</a>
          </li>
          <li>
            <a href="#times">Times and deadlines</a>
          </li>
        </ul>
      </nav>

      <section id="stv" aria-labelledby="stv-h">
        <h2 id="stv-h">The single transferable vote</h2>
        <p>
          Every seat is filled by election. A body of several seats is elected by the single transferable vote (
          <Rule name="multi_seat_method">{String(r.multi_seat_method)}</Rule>), a single seat by{" "}
          <Rule name="single_seat_method">{String(r.single_seat_method)}</Rule>.
        </p>
        <p>
          On the ballot you rank the candidates: 1 for the one you want most, 2 for the next, and so on, as few or as many
          as you like. Your vote counts for your first choice. When that candidate has more votes than needed (the
          quota), the surplus passes on to the next choices of their voters, in proportion; when nobody reaches the quota,
          the candidate with fewest votes is excluded and their votes pass on to the next choice on each ballot. This goes
          on until every seat is filled. So a vote is never wasted on a candidate who cannot win or who has enough
          already, and a group of electors as large as a quota elects a candidate of its own.
        </p>
        <p>
          Nominations stay open for <Rule name="nomination_period">{period(r.nomination_period)}</Rule> after an election
          is called, and voting lasts <Rule name="voting_period">{period(r.voting_period)}</Rule> (it closes sooner once
          every elector has voted). The next election of a body is called{" "}
          <Rule name="election_lead">{period(r.election_lead)}</Rule> before its terms end. Your ballot is secret: it is
          kept apart from your name and published, shuffled, with all the others when the vote closes, so that anyone can
          count it again.
        </p>
      </section>

      <section id="quota" aria-labelledby="quota-h">
        <h2 id="quota-h">The quota</h2>
        <p>
          The quota is the number of votes that elects a candidate: the valid ballots divided by one more than the seats,
          rounded down, plus one. With 89 valid ballots and 3 seats it is 89 ÷ 4 = 22, plus one: 23. No more candidates
          than there are seats can reach it. The count sheet of every election shows the quota and each candidate’s votes
          at each stage; the chart draws the quota as a dashed line.
        </p>
      </section>

      <section id="production-share" aria-labelledby="production-share-h">
        <h2 id="production-share-h">The production share</h2>
        <p>
          At least <Rule name="production_share">{shareWords(production)}</Rule> ({production}) of the seats of{" "}
          {applies.length > 0 ? (
            <Rule name="production_share_applies_to">
              {applies.map((k) => kindLabel(k).toLowerCase()).join(", ")}
            </Rule>
          ) : (
            "no body"
          )}{" "}
          go to members from production, so that those who do the work hold most of the seats that manage it. For 3
          seats that is {shareOf(production, 3)}, for 7 seats {shareOf(production, 7)} (a share is always rounded up). The
          count itself keeps it: a candidate who reaches the quota is not elected when electing them would leave too few
          seats for the production members still needed, and the count sheet says so at that stage.
        </p>
        <p>
          Of every control commission, at least <Rule name="control_without_executive">{shareWords(control)}</Rule> (
          {control}) of the seats go to members who hold no executive office. A member holds at most{" "}
          <Rule name="max_offices">{plural(offices, "office")}</Rule> at once; standing in an election counts as one.
        </p>
      </section>

      <section id="recall" aria-labelledby="recall-h">
        <h2 id="recall-h">Recall</h2>
        <p>
          Those who elected an official may recall them at any time. Any of them may open a petition with a reason. When{" "}
          <Rule name="recall_petition">{shareWords(petition)}</Rule> ({petition}) of the electorate has signed (for an
          electorate of 20, {shareOf(petition, 20)} signatures), the recall vote opens by itself and lasts as long as an
          election’s vote.
        </p>
        <p>
          The official is recalled when more vote yes than no and at least{" "}
          <Rule name="recall_turnout">
            {turnout === "signatures"
              ? "as many vote as signed the petition"
              : `${shareWords(turnout)} (${turnout}) of the electorate vote`}
          </Rule>
          ; with fewer, the recall fails and the result says why. The seat is then filled again{" "}
          {r.count_back ? (
            <Rule name="count_back">
              by count-back from the ballots of the election that filled it when they allow, otherwise by a by-election
            </Rule>
          ) : (
            <Rule name="count_back">by a by-election</Rule>
          )}
          . Only the electorate can recall its official: no other body can remove them.{" "}
          <Link href="/recalls">The open petitions</Link>.
        </p>
      </section>

      <section id="labour" aria-labelledby="labour-h">
        <h2 id="labour-h">Officials’ duties</h2>
        <p>
          An official works <Rule name="manual_labour_days">{plural(Number(r.manual_labour_days ?? 0), "day")}</Rule> a
          year in production, confirmed by a member of the shop they worked in; an official who has not, for their time in
          office, cannot stand again. They report back to their electors every{" "}
          <Rule name="report_back_period">{period(r.report_back_period)}</Rule>. A decision against a member (a removal,
          a refused admission) may be appealed for <Rule name="appeal_days">{plural(Number(r.appeal_days ?? 0), "day")}</Rule>{" "}
          to the body above the one that decided.
        </p>
      </section>

      <section id="who" aria-labelledby="who-h">
        <h2 id="who-h">Who may do what</h2>
        <ul class="link-list">
          <li>
            <strong>Call an election</strong> for a body with vacant seats: any member of its electorate (the clock calls
            it by itself for an elected body).
          </li>
          <li>
            <strong>Stand, nominate, vote</strong> in an election: the members of its electorate: for a shop or workplace
            committee, the members of the shop or workplace; for a union, the congress or the council, the seat holders of
            the bodies that elect it, each carrying the members their body represents.
          </li>
          <li>
            <strong>Open or sign a recall petition</strong>: the electorate of the official’s seat.
          </li>
          <li>
            <strong>Propose and vote on a motion</strong>: the seat holders of the body; a motion stays open{" "}
            <Rule name="motion_period">{period(r.motion_period)}</Rule>, carries with more yes than no when more than half
            of the seat holders vote. An amendment of the constitution is the congress’s and needs{" "}
            <Rule name="amendment_majority">{shareWords(majority)}</Rule> ({majority}) of the yes and no votes.
          </li>
          <li>
            <strong>Call a planning round</strong>: the council’s seat holders, by a motion. <strong>Amend it</strong>: the
            seat holders of a workplace’s committee or of the union body of its branch. <strong>Vote on it</strong>: every
            member, once per vote.
          </li>
          <li>
            <strong>File a workplace’s report</strong> for a period of{" "}
            <Rule name="report_period">{period(r.report_period)}</Rule>: its committee’s seat holders and the members they
            name. A signal is acknowledged within{" "}
            <Rule name="signal_acknowledge_period">{period(r.signal_acknowledge_period)}</Rule> and decided within{" "}
            <Rule name="signal_decide_period">{period(r.signal_decide_period)}</Rule> by the body it is before, or it
            climbs to the body above.
          </li>
          <li>
            <strong>Propose a removal</strong>: a seat holder of the member’s workplace committee; the removed member may
            appeal.
          </li>
        </ul>
      </section>

      <section id="times" aria-labelledby="times-h">
        <h2 id="times-h">Times and deadlines</h2>
        <p>
          Times are shown in your browser’s time zone, or in the one you pick on <Link href="/home">your home</Link>. Hold
          the pointer over a time to read it in UTC, the time the public record keeps.
        </p>
      </section>
    </>
  );
}
