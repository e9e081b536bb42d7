import { Count } from "../../components/async";
import { MatrixTable } from "../../components/MatrixTable";
import { MissingNote } from "../../components/MissingNote";
import type { Cell } from "../../catalogue";
import { useCatalogue, useSession } from "../../context";
import { pick, useTexts } from "../../i18n";
import { isEvaluatorOnly } from "../../session";
import { cellKey, type Assessment } from "./model";

/** The factors the assessment speaks of, in the catalogue's order, and whether each of their cells is addressed. */
export function cellsOf(assessment: Assessment, factorsOf: (group: string) => { id: string }[]) {
  const addressed = new Set(assessment.addressed.map(cellKey));
  const named = new Set([...assessment.addressed, ...assessment.unaddressed].map((c) => c.factor));
  return {
    factors: factorsOf(assessment.targetGroup).map((f) => f.id).filter((f) => named.has(f)),
    isAddressed: (c: Cell) => addressed.has(cellKey(c)),
  };
}

/**
 * What the service found: the cells the programme leaves unaddressed (highlighted, with the report's barriers there),
 * how many open cases have a blind spot in each cell, how the report's interventions go at the cells it addresses,
 * and the common traits it lacks.
 */
export function AssessmentView({ assessment }: { assessment: Assessment }) {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const { factors, isAddressed } = cellsOf(assessment, catalogue.factorsOf);
  const demand = new Map([...(assessment.demand?.programmeCells ?? []), ...(assessment.demand?.unaddressedCells ?? [])].map((d) => [cellKey(d), d.cases]));
  const unaddressed = new Map(assessment.unaddressed.map((c) => [cellKey(c), c.barriers]));
  return (
    <>
      <p>
        {t("unaddressedCount")}: <strong data-testid="unaddressed-count">{assessment.unaddressed.length}</strong>
        {" · "}{t("addressedCount")}: <strong>{assessment.addressed.length}</strong>
      </p>
      <p class="detail">{isEvaluatorOnly(session) ? t("demandIntroEvaluator") : t("demandIntroCoordinator")}</p>
      <MissingNote missing={assessment.demand?.missingMunicipalities ?? []} />
      <MatrixTable label={t("assessmentGrid")} caption={t("assessmentGrid")} className="programme-result" factors={factors} cell={(factor, level) => {
        const key = cellKey({ factor, level });
        const addressed = isAddressed({ factor, level });
        return (
          <td key={level} data-cell={key} data-state={addressed ? "addressed" : "unaddressed"} class={addressed ? "addressed" : "unaddressed"}>
            <strong><span aria-hidden="true">{addressed ? "✓ " : "✗ "}</span>{addressed ? t("cellAddressedResult") : t("cellUnaddressed")}</strong>
            {demand.has(key) && <div class="demand" data-demand>{t("demandCases")}: <Count value={demand.get(key)} /></div>}
            {!addressed && (
              <ul class="plain barriers">
                {(unaddressed.get(key) ?? []).map((b) => <li key={b.id} data-barrier={b.id}>{pick(b, "text", lang)}</li>)}
              </ul>
            )}
          </td>
        );
      }} />

      <h3>{t("othersInCells")}</h3>
      {assessment.addressed.length === 0 ? <p>{t("noCellAddressed")}</p> : assessment.addressed.map((cell) => (
        <div key={cellKey(cell)} class="addressed-cell" data-cell={cellKey(cell)}>
          <h4>{catalogue.factor(cell.factor)} × {catalogue.level(cell.level)}</h4>
          {cell.interventions.length === 0 ? <p>{t("noSuggestions")}</p> : (
            <ul class="cards">
              {cell.interventions.map((i) => (
                <li key={i.intervention} data-intervention={i.intervention} data-built-on={i.builtOn}>
                  <strong>{catalogue.interventionName(i.intervention, pick(i, "name", lang))}</strong>
                  <span class={`tag grade ${i.evidence}`}>{catalogue.evidence(i.evidence)}</span>
                  {i.builtOn && <span class="tag built-on">{t("builtOn")}</span>}
                  <p class="detail">{t("headlineResult")}: {pick(i, "result", lang)}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}

      <h3>{t("lackingTraits")}</h3>
      {assessment.traits.length === 0 ? <p>{t("noLackingTraits")}</p> : (
        <ul data-testid="lacking-traits">
          {assessment.traits.map((trait) => <li key={trait.id} data-trait={trait.id}>{pick(trait, "label", lang)}</li>)}
        </ul>
      )}
    </>
  );
}
