import { Choices, Field, Refusal } from "../../components/forms";
import { MatrixTable } from "../../components/MatrixTable";
import type { Problem } from "../../api";
import { useCatalogue } from "../../context";
import { pick, useTexts } from "../../i18n";
import { cellKey, type Programme } from "./model";

const toggled = (list: string[], value: string, on: boolean) => (on ? [...list.filter((x) => x !== value), value] : list.filter((x) => x !== value));

/** An empty programme for a target group (what a programme names of a group means nothing in another). */
export const emptyProgramme = (targetGroup: string, keep: Partial<Programme> = {}): Programme =>
  ({ name: "", riskFactors: [], cells: [], interventions: [], tools: [], traits: [], ...keep, targetGroup });

/**
 * The programme's theory of change as the report's matrix reads it: whom it is for, the cells its means address
 * (a grid of the chosen factors × the four levels), what of the report it builds on, and which common traits it has.
 */
export function ProgrammeForm({ draft, change, problem }: { draft: Programme; change: (next: Programme) => void; problem?: Problem }) {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  const set = (next: Partial<Programme>) => change({ ...draft, ...next });
  const factors = catalogue.factorsOf(draft.targetGroup);
  return (
    <Refusal form="programme" problem={problem} intro={t("programmeRefused")}>
      <div class="programme-basics">
        <Field name="name" label={t("programmeName")}>
          {(p) => <input type="text" autoComplete="off" {...p} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </Field>
        <Field name="targetGroup" label={t("targetGroup")}>
          {(p) => (
            <select {...p} value={draft.targetGroup} onChange={(e) => change(emptyProgramme(e.currentTarget.value, { name: draft.name, traits: draft.traits }))}>
              {catalogue.data.groups.map((g) => <option key={g.id} value={g.id}>{catalogue.groupLabel(g.id)}</option>)}
            </select>
          )}
        </Field>
      </div>
      <div class="factor-choices">
        <Choices name="riskFactors" legend={t("programmeRiskFactors")} options={factors.map((f) => ({ value: f.id, label: catalogue.factor(f.id) }))}
          chosen={draft.riskFactors}
          toggle={(factor, on) => set({ riskFactors: toggled(draft.riskFactors, factor, on), cells: on ? draft.cells : draft.cells.filter((c) => c.factor !== factor) })} />
      </div>
      <CellGrid draft={draft} set={set} />
      <div class="choice-columns">
        <Choices name="interventions" legend={t("programmeBuildsOn")}
          options={catalogue.interventionsOf(draft.targetGroup).map((i) => ({ value: i.id, label: `${i.number}. ${catalogue.interventionName(i.id)} (${catalogue.evidence(i.evidence)})` }))}
          chosen={draft.interventions} toggle={(id, on) => set({ interventions: toggled(draft.interventions, id, on) })} />
        <Choices name="tools" legend={t("programmeTools")}
          options={catalogue.toolsOf(draft.targetGroup).map((tool) => ({ value: tool.id, label: `${pick(tool, "name", lang)} (${catalogue.evidence(tool.evidence)})` }))}
          chosen={draft.tools} toggle={(id, on) => set({ tools: toggled(draft.tools, id, on) })} />
      </div>
      <Choices name="traits" legend={t("programmeTraits")}
        options={catalogue.data.commonTraits.map((trait) => ({ value: trait.id, label: pick(trait, "label", lang) }))}
        chosen={draft.traits} toggle={(id, on) => set({ traits: toggled(draft.traits, id, on) })} />
    </Refusal>
  );
}

/** The chosen factors × the four levels; a tick says the programme's own means address the cell. */
function CellGrid({ draft, set }: { draft: Programme; set: (next: Partial<Programme>) => void }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const rows = catalogue.factorsOf(draft.targetGroup).map((f) => f.id).filter((f) => draft.riskFactors.includes(f));
  const on = new Set(draft.cells.map(cellKey));
  const toggle = (factor: string, level: string, tick: boolean) =>
    set({ cells: tick ? [...draft.cells, { factor, level }] : draft.cells.filter((c) => cellKey(c) !== cellKey({ factor, level })) });
  return (
    <fieldset class="field">
      <legend>{t("programmeCells")}</legend>
      <p class="hint">{t("programmeCellsHint")}</p>
      {rows.length === 0 ? <p>{t("chooseFactorsFirst")}</p> : (
        <MatrixTable label={t("programmeCells")} className="programme-grid" factors={rows} cell={(factor, level) => {
          const key = cellKey({ factor, level });
          return (
            <td key={level} data-cell={key} class={on.has(key) ? "ticked" : ""}>
              <label class="check">
                <input type="checkbox" checked={on.has(key)} onChange={(e) => toggle(factor, level, e.currentTarget.checked)} />
                <span class="visually-hidden">{catalogue.factor(factor)} × {catalogue.level(level)}: </span>{t("cellAddressed")}
              </label>
            </td>
          );
        }} />
      )}
    </fieldset>
  );
}
