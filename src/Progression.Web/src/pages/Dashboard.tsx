import { useMemo, useState } from "preact/hooks";
import { graphql } from "../api";
import { PageTitle } from "../App";
import { Count, Loaded, Suppressed, useAsync } from "../components/async";
import { Chart, palette } from "../components/Chart";
import { MissingNote } from "../components/MissingNote";
import { useCatalogue, useSession } from "../context";
import { useTexts } from "../i18n";
import { isEvaluatorOnly } from "../session";

// Data only through GraphQL. Every count may be null: suppressed for evaluators (1-4, and what would reveal them).

type Use = { intervention: string; name: string; cases: number | null };
type HeatCell = { factor: string; level: string; identified: number | null; open: number | null; resolved: number | null; addressed: number | null; blindSpots: number | null; interventions: Use[] };
type Freshness = { highWaterMark: number; projectedThrough: number; behind: number; checkedAt: string; stopped: boolean; failure: string | null };
type Period = { period: string; dimension: string; count: number | null; median: number | null; lowerQuartile: number | null; upperQuartile: number | null };
type Change = { dimension: string; cases: number | null; meanFirst: number | null; meanLatest: number | null; meanChange: number | null };
type OutcomeRow = {
  intervention: string; name: string; evidence: string | null; participants: number | null; completed: number | null; droppedOut: number | null;
  outcomeWithin6Months: number | null; outcomeWithin12Months: number | null; retainedAt6Months: number | null; meanProgressionChange: number | null;
};

const heatmapQuery = `query Heatmap($group: String!, $municipality: String, $from: DateTimeOffset, $to: DateTimeOffset) {
  matrix(group: $group, municipality: $municipality, from: $from, to: $to) {
    factor level identified open resolved addressed blindSpots interventions { intervention name cases }
  }
  freshness { highWaterMark projectedThrough behind checkedAt stopped failure }
}`;

const progressionQuery = `query Progression($instrument: String!, $group: String, $municipality: String, $riskFactor: String, $openedFrom: DateTimeOffset, $openedTo: DateTimeOffset) {
  progression(instrument: $instrument, group: $group, municipality: $municipality, riskFactor: $riskFactor, openedFrom: $openedFrom, openedTo: $openedTo) {
    periods { period dimension count median lowerQuartile upperQuartile }
    changes { dimension cases meanFirst meanLatest meanChange }
  }
}`;

const outcomesQuery = `query Outcomes($group: String, $municipality: String, $from: DateTimeOffset, $to: DateTimeOffset) {
  interventionOutcomes(group: $group, municipality: $municipality, from: $from, to: $to) {
    intervention name evidence participants completed droppedOut outcomeWithin6Months outcomeWithin12Months retainedAt6Months meanProgressionChange
  }
}`;

type Filters = { municipality: string; group: string; from: string; to: string; factor: string; instrument: string };

export function Dashboard() {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const evaluator = isEvaluatorOnly(session);
  const firstGroup = catalogue.data.groups[0].id;
  const [filters, setFilters] = useState<Filters>({
    municipality: "", group: firstGroup, from: "", to: "", factor: "", instrument: catalogue.instrumentsOf(firstGroup)[0]?.id ?? "",
  });
  const change = (next: Partial<Filters>) => setFilters((f) => {
    const merged = { ...f, ...next };
    if (next.group) Object.assign(merged, { factor: "", instrument: catalogue.instrumentsOf(next.group)[0]?.id ?? "" });
    return merged;
  });

  const period = { municipality: filters.municipality || undefined, from: filters.from ? `${filters.from}T00:00:00Z` : undefined, to: filters.to ? `${filters.to}T23:59:59Z` : undefined };
  const heatmap = useAsync(() => graphql<{ matrix: HeatCell[]; freshness: Freshness }>(heatmapQuery, { group: filters.group, ...period }),
    [filters.group, filters.municipality, filters.from, filters.to]);
  const progression = useAsync(() => filters.instrument
    ? graphql<{ progression: { periods: Period[]; changes: Change[] } }>(progressionQuery, {
      instrument: filters.instrument, group: filters.group, municipality: period.municipality, riskFactor: filters.factor || undefined,
      openedFrom: period.from, openedTo: period.to,
    })
    : Promise.resolve({ progression: { periods: [] as Period[], changes: [] as Change[] }, missing: [] as string[], partial: false }), [JSON.stringify(filters)]);
  const outcomes = useAsync(() => graphql<{ interventionOutcomes: OutcomeRow[] }>(outcomesQuery, { group: filters.group, ...period }),
    [filters.group, filters.municipality, filters.from, filters.to]);

  return (
    <section class="dashboard">
      <PageTitle title={t("dashboardTitle")} />
      <form class="filters" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
        {evaluator ? (
          <label>{t("municipality")}
            <select value={filters.municipality} onChange={(e) => change({ municipality: e.currentTarget.value })}>
              <option value="">{t("allMunicipalities")}</option>
              {session.municipalities.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </label>
        ) : <p>{t("municipality")} {session.municipality}</p>}
        <label>{t("targetGroup")}
          <select value={filters.group} onChange={(e) => change({ group: e.currentTarget.value })}>
            {catalogue.data.groups.map((g) => <option key={g.id} value={g.id}>{catalogue.groupLabel(g.id)}</option>)}
          </select>
        </label>
        <fieldset class="period">
          <legend>{t("period")}</legend>
          <label>{t("from")} <input type="date" value={filters.from} onChange={(e) => change({ from: e.currentTarget.value })} /></label>
          <label>{t("to")} <input type="date" value={filters.to} onChange={(e) => change({ to: e.currentTarget.value })} /></label>
        </fieldset>
        <label>{t("riskFactor")} <span class="detail">({t("progression")})</span>
          <select value={filters.factor} onChange={(e) => change({ factor: e.currentTarget.value })}>
            <option value="">{t("all")}</option>
            {catalogue.factorsOf(filters.group).map((f) => <option key={f.id} value={f.id}>{catalogue.factor(f.id)}</option>)}
          </select>
        </label>
        <label>{t("instrument")}
          <select value={filters.instrument} onChange={(e) => change({ instrument: e.currentTarget.value })}>
            {catalogue.instrumentsOf(filters.group).map((i) => <option key={i.id} value={i.id}>{catalogue.instrumentName(i.id)}</option>)}
          </select>
        </label>
      </form>
      {evaluator && <p class="notice"><Suppressed /> {t("suppressedExplained")}</p>}
      <MissingNote missing={[...new Set([heatmap, progression, outcomes].flatMap((s) => s.data?.missing ?? []))].sort()} />

      <Loaded state={heatmap}>{(data) => (
        <>
          <FreshnessNote freshness={data.freshness} partial={data.partial} />
          <section aria-labelledby="heatmap-heading">
            <h2 id="heatmap-heading">{t("heatmap")}</h2>
            <p>{t("heatmapIntro")}</p>
            <Heatmap cells={data.matrix} />
          </section>
        </>
      )}</Loaded>

      <section aria-labelledby="curves-heading">
        <h2 id="curves-heading">{t("progressionCurves")}</h2>
        <p>{t("progressionIntro")}</p>
        <Loaded state={progression}>{(data) => <Curves instrument={filters.instrument} periods={data.progression.periods} changes={data.progression.changes} />}</Loaded>
      </section>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t("interventionOutcomes")}</h2>
        <Loaded state={outcomes}>{(data) => <OutcomesTable rows={data.interventionOutcomes} />}</Loaded>
      </section>
    </section>
  );
}

/** How current the figures are; with a database not answering, only of those that did. */
function FreshnessNote({ freshness, partial }: { freshness: Freshness; partial: boolean }) {
  const { t, dateTime } = useTexts();
  const said = freshness.stopped ? `${t("stopped")} (${freshness.failure})` : freshness.behind === 0 ? t("fresh") : `${freshness.behind} ${t("behind")}`;
  return (
    <p class={freshness.stopped || freshness.behind > 0 || partial ? "notice" : "fresh"} data-testid="freshness">
      <strong>{t("freshness")}:</strong> {said}{partial ? ` ${t("ofAnswering")}` : ""} ({t("checkedAt")} {dateTime(freshness.checkedAt)})
    </p>
  );
}

/** Five shades of blue by open barriers, each with text of at least 4.5:1 contrast. */
const shades = [["#ffffff", "#111111"], ["#dce9f5", "#111111"], ["#a9c8e6", "#111111"], ["#3f73aa", "#ffffff"], ["#1c4c80", "#ffffff"]];

function Heatmap({ cells }: { cells: HeatCell[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const [selected, setSelected] = useState<HeatCell>();
  const factors = [...new Set(cells.map((c) => c.factor))];
  const levels = catalogue.levels.filter((l) => cells.some((c) => c.level === l.id));
  // Four bands of equal width up to the largest count; a band no whole number falls in is left out of the legend.
  const max = Math.max(1, ...cells.map((c) => c.open ?? 0));
  const upTo = (band: number) => Math.floor((band * max) / 4);
  const band = (open: number) => (open === 0 ? 0 : [1, 2, 3, 4].find((b) => open <= upTo(b))!);
  const legend = [0, 1, 2, 3, 4].filter((b) => b === 0 || upTo(b) > upTo(b - 1));
  const cell = (factor: string, level: string) => cells.find((c) => c.factor === factor && c.level === level)!;
  return (
    <>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t("heatmapCaption")}>
        <table class="heatmap">
          <caption>{t("heatmapCaption")}</caption>
          <thead><tr><th scope="col">{t("riskFactor")}</th>{levels.map((l) => <th scope="col" key={l.id}>{catalogue.level(l.id)}</th>)}</tr></thead>
          <tbody>
            {factors.map((f) => (
              <tr key={f}>
                <th scope="row">{catalogue.factor(f)}</th>
                {levels.map((l) => {
                  const c = cell(f, l.id);
                  const [background, color] = c.open === null ? ["#eeeeee", "#111111"] : shades[band(c.open)];
                  return (
                    <td key={l.id} data-cell={`${f}|${l.id}`} style={{ background, color }} class={c.open === null ? "suppressed-cell" : ""}>
                      <button type="button" aria-pressed={selected === c} onClick={() => setSelected(selected === c ? undefined : c)} style={{ color }}>
                        <span data-measure="open">{c.open === null ? <Suppressed /> : c.open}</span>
                        <span class="visually-hidden"> {t("openBarriers")}</span>
                        {c.blindSpots !== 0 && (
                          <span class="blind-count" data-measure="blind-spots">
                            {" "}<span aria-hidden="true">◆</span>{c.blindSpots === null ? <Suppressed /> : c.blindSpots}
                            <span class="visually-hidden"> {t("blindSpots")}</span>
                          </span>
                        )}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="legend detail" aria-hidden="true">
        {legend.map((b) => (
          <span key={b} style={{ background: shades[b][0], color: shades[b][1] }}>
            {b === 0 ? "0" : upTo(b - 1) + 1 === upTo(b) ? upTo(b) : `${upTo(b - 1) + 1}–${upTo(b)}`}
          </span>
        ))}
      </p>
      {selected && <CellDetails cell={selected} />}
    </>
  );
}

function CellDetails({ cell }: { cell: HeatCell }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const uses = [...cell.interventions].sort((a, b) => (b.cases ?? -1) - (a.cases ?? -1));
  return (
    <div class="cell-details" role="region" aria-live="polite" aria-label={t("interventionsInCell")} data-testid="cell-details">
      <h3>{t("cell")}: {catalogue.factor(cell.factor)} × {catalogue.level(cell.level)}</h3>
      <p>
        {t("identified")}: <Count value={cell.identified} /> · {t("openBarriers")}: <Count value={cell.open} /> · {t("resolved")}: <Count value={cell.resolved} />
        {" · "}{t("addressed")}: <Count value={cell.addressed} /> · {t("blindSpots")}: <Count value={cell.blindSpots} />
      </p>
      <h4>{t("interventionsInCell")}</h4>
      {uses.length === 0 ? <p>{t("noInterventionsInCell")}</p> : (
        <table>
          <thead><tr><th scope="col">{t("intervention")}</th><th scope="col">{t("cases")}</th><th scope="col">{t("evidence")}</th></tr></thead>
          <tbody>
            {uses.map((u) => (
              <tr key={u.intervention}>
                <th scope="row">{catalogue.interventionName(u.intervention, u.name)}</th>
                <td><Count value={u.cases} /></td>
                <td>{catalogue.evidence(catalogue.interventionEvidence(u.intervention)) || t("local")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Curves({ instrument, periods, changes }: { instrument: string; periods: Period[]; changes: Change[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const definition = catalogue.instrument(instrument);
  if (!definition || periods.length === 0) return <p>{t("noProgression")}</p>;
  const months = [...new Set(periods.map((p) => p.period))].sort((a, b) => Number(a) - Number(b));
  return (
    <>
      <div class="lines">
        {definition.dimensions.filter((d) => periods.some((p) => p.dimension === d.id)).map((d) => (
          <Curve key={d.id} title={catalogue.dimension(instrument, d.id)} months={months} scale={definition.scale}
            periods={periods.filter((p) => p.dimension === d.id)} />
        ))}
      </div>
      <details>
        <summary>{t("progressionCurves")}: {t("scoresTable")}</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t("progressionCurves")}>
          <table>
            <thead><tr><th scope="col">{t("dimension")}</th><th scope="col">{t("monthsSinceStart")}</th><th scope="col">{t("cases")}</th><th scope="col">{t("median")}</th><th scope="col">{t("quartiles")}</th></tr></thead>
            <tbody>
              {periods.map((p) => (
                <tr key={`${p.dimension}-${p.period}`}>
                  <th scope="row">{catalogue.dimension(instrument, p.dimension)}</th><td>{p.period}</td><td><Count value={p.count} /></td>
                  <td>{p.median ?? <Suppressed />}</td><td>{p.lowerQuartile === null ? <Suppressed /> : `${p.lowerQuartile}–${p.upperQuartile}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <h3>{t("changes")}</h3>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t("changes")}>
        <table>
          <thead><tr><th scope="col">{t("dimension")}</th><th scope="col">{t("cases")}</th><th scope="col">{t("meanFirst")}</th><th scope="col">{t("meanLatest")}</th><th scope="col">{t("meanChange")}</th></tr></thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.dimension}>
                <th scope="row">{catalogue.dimension(instrument, c.dimension)}</th><td><Count value={c.cases} /></td>
                <td>{c.meanFirst ?? <Suppressed />}</td><td>{c.meanLatest ?? <Suppressed />}</td><td>{c.meanChange ?? <Suppressed />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Curve({ title, months, scale, periods }: { title: string; months: string[]; scale: { min: number; max: number }; periods: Period[] }) {
  const { t } = useTexts();
  const at = (month: string) => periods.find((p) => p.period === month);
  // The quartile band is drawn as the lower quartile (invisible) with the distance to the upper one stacked on it.
  const option = useMemo(() => ({
    grid: { left: 32, right: 12, top: 10, bottom: 36 },
    xAxis: { type: "category", data: months, name: t("monthsSinceStart"), nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "value", min: scale.min, max: scale.max },
    series: [
      { name: "q1", type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, data: months.map((m) => at(m)?.lowerQuartile ?? "-") },
      {
        name: t("quartiles"), type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(31, 95, 168, 0.2)" },
        data: months.map((m) => { const p = at(m); return p?.upperQuartile != null && p.lowerQuartile != null ? p.upperQuartile - p.lowerQuartile : "-"; }),
      },
      { name: t("median"), type: "line", symbolSize: 6, color: palette[0], lineStyle: { width: 2 }, data: months.map((m) => at(m)?.median ?? "-") },
    ],
  }), [periods, months, title]);
  return <figure><figcaption>{title}</figcaption><Chart kind="curve" class="line" label={`${t("median")}, ${t("quartiles")}: ${title}`} option={option} /></figure>;
}

type Column = { key: keyof OutcomeRow; label: string };

function OutcomesTable({ rows }: { rows: OutcomeRow[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const [sort, setSort] = useState<{ key: keyof OutcomeRow; descending: boolean }>({ key: "participants", descending: true });
  if (rows.length === 0) return <p>{t("noOutcomeRows")}</p>;
  const columns: Column[] = [
    { key: "participants", label: t("participants") }, { key: "completed", label: t("completed") }, { key: "droppedOut", label: t("droppedOut") },
    { key: "outcomeWithin6Months", label: t("within6") }, { key: "outcomeWithin12Months", label: t("within12") },
    { key: "retainedAt6Months", label: t("retained6") }, { key: "meanProgressionChange", label: t("meanProgressionChange") },
  ];
  const name = (r: OutcomeRow) => catalogue.interventionName(r.intervention, r.name);
  // Suppressed values sort last either way: they are unknown, not small.
  const sorted = [...rows].sort((a, b) => {
    if (sort.key === "name") return name(a).localeCompare(name(b)) * (sort.descending ? -1 : 1);
    const [x, y] = [a[sort.key] as number | null, b[sort.key] as number | null];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * (sort.descending ? -1 : 1);
  });
  const header = (key: keyof OutcomeRow, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : undefined} key={key}>
      <button type="button" class="sort" onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key !== "name" })}>
        {label}<span aria-hidden="true">{sort.key === key ? (sort.descending ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t("interventionOutcomes")}>
      <table class="outcomes">
        <thead><tr>{header("name", t("intervention"))}<th scope="col">{t("evidence")}</th>{columns.map((c) => header(c.key, c.label))}</tr></thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.intervention} data-intervention={r.intervention}>
              <th scope="row">{name(r)}</th>
              <td>{r.evidence ? catalogue.evidence(r.evidence) : t("local")}</td>
              {columns.map((c) => <td key={c.key}><Count value={r[c.key] as number | null} /></td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
