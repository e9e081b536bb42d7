import { useState } from "preact/hooks";
import { graphql } from "../api";
import { PageTitle } from "../App";
import { useCatalogue, useSession } from "../context";
import { useTexts } from "../i18n";
import { navigate } from "../router";
import { Loaded, useAsync } from "../components/async";

type DueFollowUp = { kind: "MEASUREMENT" | "RETENTION"; dueAt: string; instrument: string | null; checkpointMonths: number | null };
type CaseloadEntry = { caseId: string; targetGroup: string; openedAt: string; mentors: string[]; blindSpots: number; dueFollowUps: DueFollowUp[] };
type CaseRow = { id: string; targetGroup: string; status: string; openedAt: string; blindSpots: number; latestScores: { measuredAt: string }[] };
type Answer = {
  cases: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; nodes: CaseRow[] };
  caseload: CaseloadEntry[];
};

const pageSize = 20;

// Due follow-ups come from the caseload (the cases connection has only their number); joined on the case id.
const query = `query MyCases($where: CaseFilter, $first: Int, $after: String, $last: Int, $before: String) {
  cases(where: $where, order: [{ openedAt: DESC }], first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id targetGroup status openedAt blindSpots latestScores { measuredAt } }
  }
  caseload { caseId targetGroup openedAt mentors blindSpots dueFollowUps { kind dueAt instrument checkpointMonths } }
}`;

type Filters = { status: string; group: string; factor: string; mentor: string; overdue: boolean };
type Cursor = { after?: string; before?: string };

function filtersOf(search: string): Filters {
  const q = new URLSearchParams(search);
  return { status: q.get("status") ?? "open", group: q.get("group") ?? "", factor: q.get("factor") ?? "", mentor: q.get("mentor") ?? "", overdue: q.get("overdue") === "1" };
}

export function MyCases() {
  const { t } = useTexts();
  const session = useSession();
  const coordinator = session.roles.includes("coordinator");
  const [filters, setFilters] = useState(() => filtersOf(location.search));
  const [cursor, setCursor] = useState<Cursor>({});
  const [overduePage, setOverduePage] = useState(0);

  const change = (next: Partial<Filters>) => {
    const merged = { ...filters, ...next, ...(next.group !== undefined ? { factor: "" } : {}) };
    setFilters(merged);
    setCursor({});
    setOverduePage(0);
    const q = new URLSearchParams();
    if (merged.status !== "open") q.set("status", merged.status);
    for (const key of ["group", "factor", "mentor"] as const) if (merged[key]) q.set(key, merged[key]);
    if (merged.overdue) q.set("overdue", "1");
    navigate(`/cases${q.toString() ? "?" + q : ""}`, true);
  };

  const where = {
    status: filters.status || undefined, targetGroup: filters.group || undefined,
    riskFactor: filters.factor || undefined, mentor: filters.mentor || undefined,
  };
  const answer = useAsync(() => graphql<Answer>(query, {
    where, ...(cursor.before ? { last: pageSize, before: cursor.before } : { first: pageSize, after: cursor.after }),
  }), [JSON.stringify(where), cursor.after, cursor.before]);

  return (
    <section>
      <PageTitle title={coordinator ? t("casesTitleCoordinator") : t("casesTitle")} />
      <CaseFilters filters={filters} change={change} coordinator={coordinator} mentors={answer.data?.caseload.flatMap((e) => e.mentors) ?? []} />
      <Loaded state={answer}>{(data) => {
        const due = new Map(data.caseload.map((e) => [e.caseId, e.dueFollowUps]));
        if (!filters.overdue) {
          const { pageInfo, totalCount, nodes } = data.cases;
          return (
            <>
              <p role="status">{totalCount} {t("casesCount")}</p>
              <CaseTable rows={nodes.map((n) => ({ ...n, latest: latestOf(n), due: due.get(n.id) ?? [] }))} />
              <Pager previous={pageInfo.hasPreviousPage ? () => setCursor({ before: pageInfo.startCursor! }) : undefined}
                next={pageInfo.hasNextPage ? () => setCursor({ after: pageInfo.endCursor! }) : undefined} />
            </>
          );
        }
        const overdue = data.caseload.filter((e) => e.dueFollowUps.length > 0
          && (!filters.group || e.targetGroup === filters.group) && (!filters.mentor || e.mentors.includes(filters.mentor)));
        const page = overdue.slice(overduePage * pageSize, (overduePage + 1) * pageSize);
        return (
          <>
            <p class="notice">{t("overdueNote")}</p>
            <p role="status">{overdue.length} {t("casesCount")}</p>
            <CaseTable rows={page.map((e) => ({ id: e.caseId, targetGroup: e.targetGroup, status: "open", openedAt: e.openedAt, blindSpots: e.blindSpots, due: e.dueFollowUps }))} />
            <Pager previous={overduePage > 0 ? () => setOverduePage(overduePage - 1) : undefined}
              next={(overduePage + 1) * pageSize < overdue.length ? () => setOverduePage(overduePage + 1) : undefined} />
          </>
        );
      }}</Loaded>
    </section>
  );
}

const latestOf = (row: CaseRow) => row.latestScores.map((s) => s.measuredAt).sort().at(-1);

function CaseFilters({ filters, change, coordinator, mentors }: { filters: Filters; change: (f: Partial<Filters>) => void; coordinator: boolean; mentors: string[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const factors = filters.group ? catalogue.factorsOf(filters.group) : catalogue.data.groups.flatMap((g) => catalogue.factorsOf(g.id));
  return (
    <form class="filters" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
      <label>{t("status")}
        <select value={filters.status} disabled={filters.overdue} onChange={(e) => change({ status: e.currentTarget.value })}>
          <option value="">{t("all")}</option>
          <option value="open">{t("status.open")}</option>
          <option value="closed">{t("status.closed")}</option>
        </select>
      </label>
      <label>{t("targetGroup")}
        <select value={filters.group} onChange={(e) => change({ group: e.currentTarget.value })}>
          <option value="">{t("all")}</option>
          {catalogue.data.groups.map((g) => <option key={g.id} value={g.id}>{catalogue.groupLabel(g.id)}</option>)}
        </select>
      </label>
      <label>{t("riskFactor")}
        <select value={filters.factor} disabled={filters.overdue} onChange={(e) => change({ factor: e.currentTarget.value })}>
          <option value="">{t("all")}</option>
          {factors.map((f) => <option key={f.id} value={f.id}>{catalogue.factor(f.id)}</option>)}
        </select>
      </label>
      {coordinator && (
        <label>{t("mentor")}
          <input type="text" list="mentors" value={filters.mentor} onChange={(e) => change({ mentor: e.currentTarget.value.trim() })} />
          <datalist id="mentors">{[...new Set(mentors)].sort().map((m) => <option key={m} value={m} />)}</datalist>
        </label>
      )}
      <label class="check">
        <input type="checkbox" checked={filters.overdue} onChange={(e) => change({ overdue: e.currentTarget.checked })} />
        {t("overdueOnly")}
      </label>
    </form>
  );
}

type Row = { id: string; targetGroup: string; status: string; openedAt: string; blindSpots: number; latest?: string; due: DueFollowUp[] };

function CaseTable({ rows }: { rows: Row[] }) {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  if (rows.length === 0) return <p>{t("noCases")}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t("casesTitle")}>
      <table class="cases">
        <thead>
          <tr>
            <th scope="col">{t("case")}</th><th scope="col">{t("targetGroup")}</th><th scope="col">{t("status")}</th>
            <th scope="col">{t("opened")}</th><th scope="col">{t("blindSpots")}</th><th scope="col">{t("latestMeasurement")}</th>
            <th scope="col">{t("nextFollowUp")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-case={row.id}>
              <th scope="row"><a href={`/cases/${row.id}`}>{row.id.slice(0, 8)}</a></th>
              <td>{catalogue.groupLabel(row.targetGroup)}</td>
              <td>{t(`status.${row.status}` as "status.open")}</td>
              <td>{date(row.openedAt)}</td>
              <td class={row.blindSpots > 0 ? "warn" : ""}>{row.blindSpots}</td>
              <td>{row.latest ? date(row.latest) : t("none")}</td>
              <td><FollowUp due={row.due} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The oldest follow-up due, with how long it has waited; the next one not yet due is not in the read side (—). */
export function FollowUp({ due }: { due: DueFollowUp[] }) {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  const oldest = [...due].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!oldest) return <span>{t("none")}</span>;
  const days = Math.floor((Date.now() - Date.parse(oldest.dueAt)) / 86_400_000);
  const what = oldest.kind === "MEASUREMENT"
    ? `${t("followUp.measurement")}${oldest.instrument ? ` (${catalogue.instrumentName(oldest.instrument)})` : ""}`
    : `${t("followUp.retention")} (${oldest.checkpointMonths} ${t("checkpoint")})`;
  return (
    <span class={days > 0 ? "overdue" : "due"}>
      {what}: {days > 0 ? `${days} ${t("daysOverdue")}` : t("dueToday")} <span class="detail">({t("due")} {date(oldest.dueAt)}{due.length > 1 ? `, +${due.length - 1}` : ""})</span>
    </span>
  );
}

function Pager({ previous, next }: { previous?: () => void; next?: () => void }) {
  const { t } = useTexts();
  if (!previous && !next) return null;
  return (
    <nav class="pager" aria-label={t("page")}>
      <button type="button" disabled={!previous} onClick={previous}>{t("previous")}</button>
      <button type="button" disabled={!next} onClick={next}>{t("next")}</button>
    </nav>
  );
}
