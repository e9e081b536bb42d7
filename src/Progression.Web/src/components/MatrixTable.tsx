import type { JSX } from "preact";
import { useCatalogue } from "../context";
import { useTexts } from "../i18n";

/** The report's matrix as a table: a row per risk factor, a column per level (in the report's order), each cell the caller's `<td>`. */
export function MatrixTable({ label, className, caption, factors, cell }: {
  label: string; className: string; caption?: string; factors: string[]; cell: (factor: string, level: string) => JSX.Element;
}) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class={className}>
        {caption && <caption>{caption}</caption>}
        <thead><tr><th scope="col">{t("riskFactor")}</th>{catalogue.levels.map((l) => <th scope="col" key={l.id}>{catalogue.level(l.id)}</th>)}</tr></thead>
        <tbody>
          {factors.map((factor) => (
            <tr key={factor}>
              <th scope="row">{catalogue.factor(factor)}</th>
              {catalogue.levels.map((l) => cell(factor, l.id))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
