import { useCatalogue } from "../../context";
import { useTexts } from "../../i18n";
import { interventionKey, type CaseIntervention, type CaseMatrix, type MatrixBarrier } from "./model";

/** The case on the report's matrix: a row per risk factor in play, a column per level. */
export function Matrix({ matrix, interventions }: { matrix: CaseMatrix; interventions: CaseIntervention[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  // The matrix names interventions in Danish; the catalogue names them in the chosen language.
  const name = (id: string, fallback: string) => {
    const started = interventions.find((i) => i.id === id);
    return started ? catalogue.interventionName(interventionKey(started), fallback) : fallback;
  };
  if (matrix.rows.length === 0) return <p>{t("noMatrix")}</p>;
  return (
    <>
      <p>{t("matrixIntro")} {t("blindSpots")}: <strong data-testid="blind-spot-count">{matrix.blindSpots.length}</strong></p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t("matrix")}>
        <table class="matrix">
          <thead>
            <tr><th scope="col">{t("riskFactor")}</th>{matrix.levels.map((l) => <th scope="col" key={l}>{catalogue.level(l)}</th>)}</tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.factor}>
                <th scope="row">
                  {catalogue.factor(row.factor)}
                  {!row.registered && <span class="detail"> ({t("cleared")})</span>}
                </th>
                {row.cells.map((cell) => (
                  <td key={cell.level} class={cell.blindSpots > 0 ? "blind" : cell.barriers.some((b) => b.open) ? "covered" : ""}>
                    <ul class="plain">
                      {cell.barriers.map((b) => <li key={b.id}><BarrierText barrier={b} /></li>)}
                    </ul>
                    {cell.interventions.length > 0 && (
                      <ul class="plain interventions-here">
                        {cell.interventions.map((i) => <li key={i.id}><span aria-hidden="true">▸ </span>{name(i.id, i.name)}</li>)}
                      </ul>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BarrierText({ barrier }: { barrier: MatrixBarrier }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  // The matrix names catalogue barriers in Danish; the catalogue has them in both languages.
  const text = barrier.catalogueBarrier ? catalogue.barrier(barrier.catalogueBarrier) : barrier.text;
  return (
    <span class={barrier.open ? "" : "resolved"}>
      {barrier.blindSpot && <strong class="blind-mark">{t("blindSpot")}: </strong>}
      {!barrier.open && <span class="detail">{t("resolved")}: </span>}
      {text}
    </span>
  );
}
