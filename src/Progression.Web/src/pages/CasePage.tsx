import { useEffect, useRef, useState } from "preact/hooks";
import { get, post, Problem } from "../api";
import { PageTitle } from "../App";
import { Failure, Loaded, useAsync } from "../components/async";
import type { Fill, Send } from "../components/forms";
import { useCatalogue } from "../context";
import { useTexts } from "../i18n";
import { navigate } from "../router";
import { Commands } from "./case/Commands";
import { Matrix } from "./case/Matrix";
import {
  checkpointDate, interventionKey, measurementsOf, retentionCheckpoints, type CaseMatrix, type CaseSuggestions, type CaseView, type TimelineEntry,
} from "./case/model";
import { Progress } from "./case/Progress";
import { Suggestions } from "./case/Suggestions";
import { EventText, Timeline } from "./case/Timeline";

type CaseData = { view: CaseView; matrix: CaseMatrix; suggestions: CaseSuggestions; timeline: TimelineEntry[] };

async function load(id: string, asOf?: string): Promise<CaseData> {
  const at = asOf ? `?asOf=${encodeURIComponent(asOf)}` : "";
  const base = `/api/cases/${encodeURIComponent(id)}`;
  const [view, matrix, suggestions, timeline] = await Promise.all([
    get<CaseView>(base + at), get<CaseMatrix>(`${base}/matrix${at}`), get<CaseSuggestions>(`${base}/suggestions${at}`), get<TimelineEntry[]>(`${base}/timeline`),
  ]);
  // The case as recorded then is the case up to the version it had then.
  return { view, matrix, suggestions, timeline: timeline.filter((e) => e.version <= view.version) };
}

/** A command the service refused because the case moved on since the page read it, and the events that moved it. */
type Conflict = { title: string; path: string; body: Record<string, unknown>; current: number; since: TimelineEntry[]; problem?: Problem };

export function CasePage({ id, asOf }: { id: string; asOf?: string }) {
  const { t, date } = useTexts();
  const state = useAsync(() => load(id, asOf), [id, asOf]);
  const [announcement, setAnnouncement] = useState("");
  const [conflict, setConflict] = useState<Conflict>();
  const [startWith, setStartWith] = useState<Fill>();

  const command = (path: string, body: Record<string, unknown>, version: number) =>
    post(`/api/cases/${encodeURIComponent(id)}/${path}`, { ...body, expectedVersion: version });
  const done = () => { setAnnouncement(`${t("saved")} ${new Date().toLocaleTimeString()}`); state.reload(); };

  /** Sends at the version the page shows; a stale version opens the conflict instead of failing the form. */
  const attempt = async (title: string, path: string, body: Record<string, unknown>, version: number) => {
    try {
      await command(path, body, version);
      setConflict(undefined);
      done();
    } catch (error) {
      if (!(error instanceof Problem && error.isStale)) throw error;
      const timeline = await get<TimelineEntry[]>(`/api/cases/${encodeURIComponent(id)}/timeline`);
      setConflict({ title, path, body, current: error.currentVersion!, since: timeline.filter((e) => e.version > version) });
      state.reload();
    }
  };

  const reapply = (c: Conflict) => attempt(c.title, c.path, c.body, c.current)
    .catch((error) => setConflict({ ...c, problem: error instanceof Problem ? error : new Problem(0, t("failed"), String(error)) }));

  return (
    <Loaded state={state}>{({ view, matrix, suggestions, timeline }) => {
      const send: Send = (path, body, title) => attempt(title, path, body, view.version);
      // A suggestion opens the start form with it and its barrier, where the rest is filled in and sent as usual.
      const start = !asOf && view.status === "open"
        ? (intervention: string, barrier: string) => setStartWith({ catalogueIntervention: [intervention], "local.name": [""], barriers: [barrier] })
        : undefined;
      return (
        <article class="case" data-version={view.version}>
          <PageTitle title={`${t("caseTitle")} ${view.id.slice(0, 8)}`} />
          <p class="visually-hidden" role="status" aria-live="polite">{announcement}</p>
          <CaseSummary view={view} />
          <AsOf id={id} asOf={asOf} />
          {asOf && <p class="notice" role="status">{t("asOfBanner")} {date(`${asOf}T12:00:00Z`)}. {t("readOnly")}</p>}
          {conflict && <ConflictPanel conflict={conflict} view={view} reapply={() => reapply(conflict)} cancel={() => setConflict(undefined)} />}

          <section aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">{t("matrix")}</h2>
            <Matrix matrix={matrix} interventions={view.interventions} />
          </section>

          <section aria-labelledby="suggestions-heading" class="suggestions-panel" data-testid="suggestions">
            <h2 id="suggestions-heading">{t("suggestions")}</h2>
            <Suggestions suggestions={suggestions} view={view} asOf={asOf} start={start} />
          </section>

          <section aria-labelledby="interventions-heading">
            <h2 id="interventions-heading">{t("interventions")}</h2>
            <Interventions view={view} />
          </section>

          <section aria-labelledby="progression-heading">
            <h2 id="progression-heading">{t("progression")}</h2>
            <Progress measurements={measurementsOf(timeline)} interventions={view.interventions}
              until={view.closedAt ?? (asOf ? `${asOf}T23:59:59Z` : new Date().toISOString())} />
          </section>

          <section aria-labelledby="outcomes-heading">
            <h2 id="outcomes-heading">{t("outcomes")}</h2>
            <Outcomes view={view} />
          </section>

          {!asOf && (
            <section aria-labelledby="commands-heading">
              <h2 id="commands-heading">{t("actions")}</h2>
              <Commands view={view} send={send} startWith={startWith} />
            </section>
          )}

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t("timeline")}</h2>
            <Timeline entries={timeline} view={view} caption={t("timeline")} />
          </section>
        </article>
      );
    }}</Loaded>
  );
}

function CaseSummary({ view }: { view: CaseView }) {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  return (
    <>
      <dl class="summary">
        <div><dt>{t("targetGroup")}</dt><dd>{catalogue.groupLabel(view.targetGroup)}</dd></div>
        <div><dt>{t("status")}</dt><dd>{t(`status.${view.status}`)}{view.closedReason ? ` (${view.closedReason})` : ""}</dd></div>
        <div><dt>{t("opened")}</dt><dd>{date(view.openedAt)}</dd></div>
        <div><dt>{t("mentors")}</dt><dd>{view.mentors.join(", ") || t("none")}</dd></div>
        <div><dt>{t("services")}</dt><dd>{view.services.map((s) => t(`area.${s}` as "area.social")).join(", ") || t("none")}</dd></div>
        <div><dt>{t("version")}</dt><dd data-testid="case-version">{view.version}</dd></div>
      </dl>
      {view.dueFollowUps.length > 0 && (
        <div class="notice">
          <strong>{t("dueFollowUps")}:</strong>
          <ul>
            {view.dueFollowUps.map((f, i) => (
              <li key={i} class="overdue">
                {f.kind === "measurement" ? `${t("followUp.measurement")}: ${catalogue.instrumentName(f.instrument ?? "")}` : `${t("followUp.retention")}: ${f.checkpointMonths} ${t("checkpoint")}`}
                {" "}({t("due")} {date(f.dueAt)})
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function AsOf({ id, asOf }: { id: string; asOf?: string }) {
  const { t } = useTexts();
  const [day, setDay] = useState(asOf ?? "");
  return (
    <form class="as-of" onSubmit={(e) => { e.preventDefault(); if (day) navigate(`/cases/${id}?asOf=${day}`); }}>
      <label for="as-of">{t("asOf")}</label>
      <input id="as-of" type="date" value={day} max={new Date().toLocaleDateString("sv-SE")} onInput={(e) => setDay(e.currentTarget.value)} />
      <button type="submit">{t("asOfShow")}</button>
      {asOf && <button type="button" onClick={() => { setDay(""); navigate(`/cases/${id}`); }}>{t("asOfNow")}</button>}
    </form>
  );
}

function ConflictPanel({ conflict, view, reapply, cancel }: { conflict: Conflict; view: CaseView; reapply: () => void; cancel: () => void }) {
  const { t, dateTime } = useTexts();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), [conflict]);
  return (
    <div class="conflict" role="alert" tabIndex={-1} ref={panel} data-testid="conflict">
      <h2>{t("conflictTitle")}</h2>
      <p>{t("conflictIntro")}</p>
      <ul>
        {conflict.since.map((e) => (
          <li key={e.version}><EventText entry={e} view={view} /> <span class="detail">({dateTime(e.recordedAt)}, {e.recordedBy ?? t("system")})</span></li>
        ))}
      </ul>
      {conflict.problem && <Failure error={conflict.problem} />}
      <p><strong>{conflict.title}</strong></p>
      <button type="button" onClick={reapply}>{t("reapply")}</button> <button type="button" onClick={cancel}>{t("cancel")}</button>
    </div>
  );
}

function Interventions({ view }: { view: CaseView }) {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  if (view.interventions.length === 0) return <p>{t("noInterventions")}</p>;
  const barrier = (bid: string) => {
    const b = view.barriers.find((x) => x.id === bid);
    return b ? (b.catalogueBarrier ? catalogue.barrier(b.catalogueBarrier) : b.description) : bid;
  };
  const groups = [[t("active"), view.interventions.filter((i) => i.status === "active")], [t("ended"), view.interventions.filter((i) => i.status !== "active")]] as const;
  return (
    <div class="interventions">
      {groups.map(([heading, list]) => list.length > 0 && (
        <div key={heading}>
          <h3>{heading}</h3>
          <ul class="cards">
            {list.map((i) => (
              <li key={i.id} data-intervention={interventionKey(i)}>
                <strong>{catalogue.interventionName(interventionKey(i))}</strong>
                {i.catalogueIntervention ? <span class="tag">{t("evidence")}: {catalogue.evidence(catalogue.interventionEvidence(i.catalogueIntervention))}</span> : <span class="tag">{t("local")}</span>}
                {i.marker && <span class="tag">{t("viaMarker")} {i.marker}</span>}
                <div class="detail">
                  {t(`intervention.${i.status}`)} · {t("provider")}: {i.provider} · {t(`area.${i.serviceArea}` as "area.social")} · {t("started")} {date(i.startedAt)}
                  {i.endedAt && <> · {t("endedAt")} {date(i.endedAt)}</>}
                  {i.dropOutReason && <> · {t("reason")}: {i.dropOutReason}</>}
                </div>
                {i.barriers.length > 0 && <div class="detail">{t("addresses")}: {i.barriers.map(barrier).join("; ")}</div>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Outcomes({ view }: { view: CaseView }) {
  const { t, date } = useTexts();
  if (view.outcomes.length === 0) return <p>{t("noOutcomes")}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t("outcomes")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("kind")}</th><th scope="col">{t("status")}</th><th scope="col">{t("reached")}</th>
            {retentionCheckpoints.map((m) => <th scope="col" key={m}>{t("retention")} {m} {t("checkpoint")}</th>)}
          </tr>
        </thead>
        <tbody>
          {view.outcomes.map((o) => (
            <tr key={o.id}>
              <th scope="row">{t(`kind.${o.kind}` as "kind.other")}</th>
              <td>{t(`outcome.${o.status}`)}{o.lostAt && ` (${date(o.lostAt)})`}</td>
              <td>{date(o.reachedAt)}</td>
              {retentionCheckpoints.map((m) => (
                <td key={m}>
                  {o.retainedAtMonths.includes(m) ? <><span aria-hidden="true">✓ </span>{t("retained")}</>
                    : o.status === "lost" ? t("none") : `${t("due")} ${date(checkpointDate(o.reachedAt, m))}`}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
