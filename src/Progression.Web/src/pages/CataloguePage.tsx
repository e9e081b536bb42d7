import { useState } from "preact/hooks";
import { PageTitle } from "../App";
import { useCatalogue, useSession } from "../context";
import { pick, useTexts } from "../i18n";

/** The report's model to look things up in: levels, and each group's interventions with evidence grade and cells. */
export function CataloguePage() {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const [group, setGroup] = useState(catalogue.data.groups[0].id);
  return (
    <section>
      <PageTitle title={t("catalogueTitle")} />
      <p>{t("catalogueIntro")} <span class="detail">({catalogue.data.version})</span></p>
      {session.roles.includes("administrator") && <p class="notice">{t("adminNote")}</p>}
      <h2>{t("levels")}</h2>
      <dl class="levels">
        {catalogue.levels.map((l) => <div key={l.id}><dt>{catalogue.level(l.id)}</dt><dd>{lang === "da" ? l.descriptionDa : l.descriptionEn}</dd></div>)}
      </dl>
      <h2>{t("interventions")}</h2>
      <label>{t("targetGroup")}{" "}
        <select value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {catalogue.data.groups.map((g) => <option key={g.id} value={g.id}>{catalogue.groupLabel(g.id)}</option>)}
        </select>
      </label>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t("interventions")}>
        <table>
          <thead><tr><th scope="col">#</th><th scope="col">{t("intervention")}</th><th scope="col">{t("evidence")}</th><th scope="col">{t("matrix")}</th></tr></thead>
          <tbody>
            {catalogue.interventionsOf(group).map((i) => (
              <tr key={i.id}>
                <td>{i.number}</td>
                <th scope="row">{catalogue.interventionName(i.id)}<div class="detail">{pick(i, "result", lang)}</div></th>
                <td>{catalogue.evidence(i.evidence)}</td>
                <td>{i.cells.map((c) => `${catalogue.factor(c.factor)} × ${catalogue.level(c.level)}`).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
