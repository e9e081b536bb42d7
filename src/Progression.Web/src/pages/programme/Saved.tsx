import { useCatalogue } from "../../context";
import { useTexts } from "../../i18n";
import { latest, versionLabel, type Labelled, type Programme, type ProgrammeSummary, type SavedProgramme } from "./model";

/** The saved programmes, newest first, each with its latest version and a button to open it. */
export function SavedList({ list, open }: { list: ProgrammeSummary[]; open: (id: string) => void }) {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t("savedProgrammes")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("programmeName")}</th><th scope="col">{t("targetGroup")}</th><th scope="col">{t("version")}</th>
            <th scope="col">{t("savedAt")}</th><th scope="col"><span class="visually-hidden">{t("open")}</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr key={p.id} data-programme={p.id}>
              <th scope="row">{p.name}</th><td>{catalogue.groupLabel(p.targetGroup)}</td><td>{p.version}</td><td>{date(p.savedAt)}</td>
              <td><button type="button" class="small" onClick={() => open(p.id)}>{t("open")}<span class="visually-hidden"> {p.name}</span></button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A save refused because someone saved a newer version of the programme meanwhile: who and when, and the ways on
 * (compare it with the draft, save the draft on top of it, or open it instead). Nothing is overwritten unasked.
 */
export function NewerVersion({ newer, draft, busy, compare, save, open }: {
  newer: SavedProgramme; draft: Programme; busy: boolean;
  compare: (pair: [Labelled, Labelled]) => void; save: (base: SavedProgramme) => void; open: (id: string) => void;
}) {
  const { t, date } = useTexts();
  const version = latest(newer);
  return (
    <div class="conflict" role="alert" data-testid="programme-conflict">
      <p><strong>{t("programmeNewer")} {version.version}</strong> ({date(version.savedAt)}, {version.savedBy}).</p>
      <button type="button" onClick={() => compare([
        { label: versionLabel(version.definition.name, version.version, t("version")), definition: version.definition },
        { label: t("yourDraft"), definition: draft },
      ])}>
        {t("compareWithDraft")}
      </button>{" "}
      <button type="button" onClick={() => save(newer)} disabled={busy}>{t("saveAsVersion")} {version.version + 1}</button>{" "}
      <button type="button" onClick={() => open(newer.id)}>{t("openNewest")}</button>
    </div>
  );
}
