import { useState } from "preact/hooks";
import { graphql } from "../api";
import { PageTitle } from "../App";
import { useCatalogue, useSession } from "../context";
import { useTexts } from "../i18n";
import { navigate } from "../router";
import { Loaded, useAsync } from "../components/async";

type CaseRow = {
  id: string; targetGroup: string; status: string; openedAt: string; blindSpots: number; mentors: string[];
  dueFollowUps: number; overdueSince: string | null; nextFollowUpAt: string | null; latestMeasuredAt: string | null;
};
type Answer = {
  cases: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; nodes: CaseRow[] };
};

const pageSize = 20;

const query = `query MyCases($where: CaseFilter, $first: Int, $after: String, $last: Int, $before: String) {
  cases(where: $where, order: [{ openedAt: DESC }], first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id targetGroup status openedAt blindSpots mentors dueFollowUps overdueSince nextFollowUpAt latestMeasuredAt }
  }
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

  const change = (next: Partial<Filters>) => {
    const merged = { ...filters, ...next, ...(next.group !== undefined ? { factor: "" } : {}) };
    setFilters(merged);
    setCursor({});
    const q = new URLSearchParams();
    if (merged.status !== "open") q.set("status", merged.status);
    for (const key of ["group", "factor", "mentor"] as const) if (merged[key]) q.set(key, merged[key]);
    if (merged.overdue) q.set("overdue", "1");
    navigate(`/cases${q.toString() ? "?" + q : ""}`, true);
  };

  const where = {
    status: filters.status || undefined, targetGroup: filters.group || undefined,
    riskFactor: filters.factor || undefined, mentor: filters.mentor || undefined, overdue: filters.overdue || undefined,
  };
  const answer = useAsync(() => graphql<Answer>(query, {
    where, ...(cursor.before ? { last: pageSize, before: cursor.before } : { first: pageSize, after: cursor.after }),
  }), [JSON.stringify(where), cursor.after, cursor.before]);

  return (
    <section>
      <PageTitle title={coordinator ? t("casesTitleCoordinator") : t("casesTitle")} />
      <CaseFilters filters={filters} change={change} coordinator={coordinator} mentors={answer.data?.cases.nodes.flatMap((n) => n.mentors) ?? []} />
      <Loaded state={answer}>{(data) => {
        const { pageInfo, totalCount, nodes } = data.cases;
        return (
          <>
            <p role="status">{totalCount} {t("casesCount")}</p>
            <CaseTable rows={nodes} />
            <Pager previous={pageInfo.hasPreviousPage ? () => setCursor({ before: pageInfo.startCursor! }) : undefined}
              next={pageInfo.hasNextPage ? () => setCursor({ after: pageInfo.endCursor! }) : undefined} />
          </>
        );
      }}</Loaded>
    </section>
  );
}

function CaseFilters({ filters, change, coordinator, mentors }: { filters: Filters; change: (f: Partial<Filters>) => void; coordinator: boolean; mentors: string[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const factors = filters.group ? catalogue.factorsOf(filters.group) : catalogue.data.groups.flatMap((g) => catalogue.factorsOf(g.id));
  return (
    <form class="filters" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
      <label>{t("status")}
        <select value={filters.status} onChange={(e) => change({ status: e.currentTarget.value })}>
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
        <select value={filters.factor} onChange={(e) => change({ factor: e.currentTarget.value })}>
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

function CaseTable({ rows }: { rows: CaseRow[] }) {
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
              <td>{row.latestMeasuredAt ? date(row.latestMeasuredAt) : t("none")}</td>
              <td><FollowUp row={row} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Overdue: since when and how many days (and how many more wait); otherwise when the next one falls due. */
function FollowUp({ row }: { row: CaseRow }) {
  const { t, date } = useTexts();
  if (row.overdueSince) {
    const days = Math.floor((Date.now() - Date.parse(row.overdueSince)) / 86_400_000);
    return (
      <span class={days > 0 ? "overdue" : "due"}>
        {days > 0 ? `${days} ${t("daysOverdue")}` : t("dueToday")}
        <span class="detail"> ({t("due")} {date(row.overdueSince)}{row.dueFollowUps > 1 ? `, +${row.dueFollowUps - 1}` : ""})</span>
      </span>
    );
  }
  return <span>{row.nextFollowUpAt ? `${t("nextDue")} ${date(row.nextFollowUpAt)}` : t("none")}</span>;
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
