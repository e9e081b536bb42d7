import { Suppressed } from "../../components/async";
import { useCatalogue } from "../../context";
import { pick, useTexts } from "../../i18n";
import type { CaseSuggestions, CaseView, LocalResults, SuggestedIntervention } from "./model";

type BlindSpot = CaseSuggestions["blindSpots"][number];
/** Opens the start form with an intervention and the barrier it would address. */
type Start = (intervention: string, barrier: string) => void;

/**
 * What could address each blind spot, in the service's order, with the report's grade and the municipality's own
 * figures; start (absent in a past view or a closed case) opens the start form with the intervention and the barrier.
 */
export function Suggestions({ suggestions, view, asOf, start }: {
  suggestions: CaseSuggestions; view: CaseView; asOf?: string; start?: Start;
}) {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  return (
    <>
      <p>{t("suggestionsIntro")}</p>
      <details class="about-grades">
        <summary>{t("aboutGrades")}</summary>
        <dl>
          {catalogue.data.evidenceGrades.map((g) => <div key={g.id}><dt>{pick(g, "label", lang)}</dt><dd>{pick(g, "description", lang)}</dd></div>)}
        </dl>
      </details>
      <p class="notice">{t("gradesAndFigures")}{asOf && <> {t("figuresAreToday")}</>}</p>
      {suggestions.blindSpots.length === 0 ? <p>{t("noBlindSpotsToSuggest")}</p> : (
        <ul class="plain blind-spot-list">
          {suggestions.blindSpots.map((b) => <BlindSpotSuggestions key={b.barrierId} blindSpot={b} view={view} start={start} />)}
        </ul>
      )}
      <h3>{t("toolsOfGroup")}</h3>
      <p class="detail">{t("toolsIntro")}</p>
      <ul data-testid="tools">
        {suggestions.tools.map((tool) => (
          <li key={tool.tool}>{pick(tool, "name", lang)} <span class="tag">{catalogue.evidence(tool.evidence)}</span></li>
        ))}
      </ul>
    </>
  );
}

function BlindSpotSuggestions({ blindSpot: b, view, start }: { blindSpot: BlindSpot; view: CaseView; start?: Start }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const barrier = view.barriers.find((x) => x.id === b.barrierId);
  const text = b.catalogueBarrier ? catalogue.barrier(b.catalogueBarrier) : barrier?.description ?? "";
  return (
    <li class="blind-spot" data-barrier={b.barrierId}>
      <h3><span class="blind-mark">{t("blindSpot")}:</span> {text}</h3>
      <p class="detail">{catalogue.factor(b.factor)} × {catalogue.level(b.level)}</p>
      {b.interventions.length === 0 ? <p>{t("noSuggestions")}</p> : (
        <ol class="suggestions">
          {b.interventions.map((s) => <Suggestion key={s.intervention} suggestion={s} blindSpot={b} view={view} start={start} />)}
        </ol>
      )}
    </li>
  );
}

function Suggestion({ suggestion: s, blindSpot, view, start }: {
  suggestion: SuggestedIntervention; blindSpot: BlindSpot; view: CaseView; start?: Start;
}) {
  const { t, lang, date } = useTexts();
  const catalogue = useCatalogue();
  const name = catalogue.interventionName(s.intervention, pick(s, "name", lang));
  const marker = s.via === "marker"
    ? catalogue.markersOf(view.targetGroup).find((m) => m.refersTo === s.intervention && m.cells?.some((c) => c.factor === blindSpot.factor && c.level === blindSpot.level))
    : undefined;
  return (
    <li class={s.previously ? "suggestion previously" : "suggestion"} data-intervention={s.intervention} data-evidence={s.evidence} data-via={s.via}>
      <div class="suggestion-head">
        <strong>{name}</strong>
        <span class={`tag grade ${s.evidence}`}>{catalogue.evidence(s.evidence)}</span>
        {s.via === "marker" && <span class="tag" data-testid="via-marker">{t("viaMarker")}{marker && ` ${marker.symbol}`}</span>}
        {s.previously && (
          <span class="tag" data-testid="previously">
            {t(`previously.${s.previously.status}`)} (<time dateTime={s.previously.endedAt}>{date(s.previously.endedAt)}</time>)
          </span>
        )}
        {start && (
          <button type="button" class="small" onClick={() => start(s.intervention, blindSpot.barrierId)}>
            {t("start")}<span class="visually-hidden"> {name}</span>
          </button>
        )}
      </div>
      {marker && <p class="detail">{pick(marker, "text", lang)}</p>}
      <LocalFigures local={s.local} />
    </li>
  );
}

/** The municipality's own figures for the intervention (all its cases of the group); null inside: too few to show. */
function LocalFigures({ local }: { local: LocalResults | null }) {
  const { t, lang } = useTexts();
  if (!local) return <p class="detail local">{t("noLocalFigures")}</p>;
  // Too few participants hides every figure of the intervention: one mark says so.
  if (local.participants === null) return <p class="local"><span class="detail">{t("localFigures")}:</span> <Suppressed text={t("tooFewToShow")} /></p>;
  const change = new Intl.NumberFormat(lang === "da" ? "da-DK" : "en-GB", { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const figures: [string, string, number | string | null][] = [
    ["participants", t("participants"), local.participants],
    ["completed", t("completed"), local.completed],
    ["within12", t("within12"), local.outcomeWithin12Months],
    ["change", t("meanProgressionChange"), local.meanProgressionChange === null ? null : change.format(local.meanProgressionChange)],
  ];
  return (
    <div class="local">
      <span class="detail">{t("localFigures")}:</span>
      <dl>
        {figures.map(([key, label, value]) => (
          <div key={key} data-figure={key}><dt>{label}</dt><dd>{value ?? <Suppressed text={t("tooFewToShow")} />}</dd></div>
        ))}
      </dl>
    </div>
  );
}
