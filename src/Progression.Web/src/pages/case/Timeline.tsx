import { useCatalogue } from "../../context";
import { useTexts } from "../../i18n";
import { interventionKey, type CaseView, type TimelineEntry } from "./model";

/** Every event of the case, newest first: what, when it happened, when it was recorded and by whom. */
export function Timeline({ entries, view, caption }: { entries: TimelineEntry[]; view: CaseView; caption: string }) {
  const { t, date, dateTime } = useTexts();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="timeline">
        <thead>
          <tr><th scope="col">#</th><th scope="col">{t("what")}</th><th scope="col">{t("happened")}</th><th scope="col">{t("recorded")}</th><th scope="col">{t("by")}</th></tr>
        </thead>
        <tbody>
          {[...entries].reverse().map((e) => (
            <tr key={e.version} data-event={e.event}>
              <td>{e.version}</td>
              <th scope="row"><EventText entry={e} view={view} /></th>
              <td>{date(e.happenedAt)}</td>
              <td>{dateTime(e.recordedAt)}</td>
              <td>{e.recordedBy ?? t("system")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EventText({ entry, view }: { entry: TimelineEntry; view: CaseView }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const d = entry.data;
  const text = (key: string) => (typeof d[key] === "string" ? (d[key] as string) : "");
  const intervention = () => {
    const started = view.interventions.find((i) => i.id === d.interventionId);
    return started ? catalogue.interventionName(interventionKey(started)) : "";
  };
  const barrier = () => {
    const found = view.barriers.find((b) => b.id === d.barrierId);
    return found ? (found.catalogueBarrier ? catalogue.barrier(found.catalogueBarrier) : found.description ?? "") : "";
  };
  const details: Record<string, () => string> = {
    "case-opened": () => catalogue.groupLabel(text("targetGroup")),
    "risk-factor-registered": () => catalogue.factor(text("factor")),
    "risk-factor-cleared": () => catalogue.factor(text("factor")),
    "barrier-identified": () => `${catalogue.factor(text("factor"))} × ${catalogue.level(text("level"))}: ${d.catalogueBarrier ? catalogue.barrier(text("catalogueBarrier")) : text("description")}`,
    "barrier-resolved": barrier,
    "mentor-assigned": () => text("mentorId"),
    "mentor-unassigned": () => text("mentorId"),
    "intervention-started": () => `${catalogue.interventionName(text("catalogueIntervention") || `local:${text("localName")}`)} (${text("provider")})`,
    "intervention-completed": intervention,
    "intervention-dropped-out": () => `${intervention()}: ${text("reason")}`,
    "progression-measured": () => `${catalogue.instrumentName(text("instrument"))}: ${Object.entries(d.scores as Record<string, number>)
      .map(([k, v]) => `${catalogue.dimension(text("instrument"), k)} ${v}`).join(", ")}`,
    "outcome-reached": () => t(`kind.${text("kind")}` as "kind.other"),
    "outcome-retained": () => `${d.checkpointMonths} ${t("checkpoint")}`,
    "outcome-lost": () => text("reason"),
    "follow-up-due": () => text("kind") === "measurement" ? catalogue.instrumentName(text("instrument")) : `${t("followUp.retention")} ${d.checkpointMonths} ${t("checkpoint")}`,
    "case-closed": () => text("reason"),
    "case-reopened": () => text("reason"),
  };
  const detail = details[entry.event]?.() ?? "";
  const note = text("note");
  return (
    <>
      {t(`event.${entry.event}` as "event.case-opened") ?? entry.event}
      {detail && <span class="detail">: {detail}</span>}
      {note && <span class="detail"> ({t("note")}: {note})</span>}
    </>
  );
}
