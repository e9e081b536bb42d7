import { useEffect, useRef, useState } from "preact/hooks";
import { Problem } from "../api";
import { PageTitle } from "../App";
import { Loaded, Suppressed, useAsync } from "../components/async";
import { useCatalogue, useSession } from "../context";
import { useTexts } from "../i18n";
import { isEvaluatorOnly } from "../session";
import { AssessmentView } from "./programme/Assessment";
import { ComparePicker, Comparison } from "./programme/Compare";
import {
  assess, latest, listProgrammes, loadProgramme, saveProgramme, type Assessment, type Labelled, type Programme, type SavedProgramme,
} from "./programme/model";
import { emptyProgramme, ProgrammeForm } from "./programme/ProgrammeForm";
import { NewerVersion, SavedList } from "./programme/Saved";

/**
 * The report's second use (chapter 7): a proposed programme held against the matrix. Check it, keep it (a new
 * programme or a new version of the one opened), and compare two versions or two programmes.
 */
export function ProgrammesPage() {
  const { t, date } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const [draft, setDraft] = useState<Programme>(() => emptyProgramme(catalogue.data.groups[0].id));
  /** The saved programme the draft would become a new version of. */
  const [opened, setOpened] = useState<SavedProgramme>();
  /** A version someone saved after the one opened here (the save was refused). */
  const [newer, setNewer] = useState<SavedProgramme>();
  const [checked, setChecked] = useState<{ of: string; assessment: Assessment }>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [pair, setPair] = useState<[Labelled, Labelled]>();
  const saved = useAsync(listProgrammes, []);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  // A new check's result is read next: focus moves to its heading once it is shown.
  useEffect(() => resultHeading.current?.focus(), [checked?.assessment]);

  /** Runs a request, showing a refusal (or a failure) above the form. */
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Problem ? error : new Problem(0, t("failed"), String(error)));
    } finally {
      setBusy(false);
    }
  };

  const check = (event: Event) => {
    event.preventDefault();
    attempt(async () => {
      setChecked({ of: JSON.stringify(draft), assessment: await assess(draft) });
    });
  };

  /** Saves the draft as a new programme, or as the next version of `base` (a refusal for staleness shows the newer one). */
  const save = (base?: SavedProgramme) => attempt(async () => {
    try {
      const summary = await saveProgramme(draft, base && { id: base.id, version: latest(base).version });
      setOpened(await loadProgramme(summary.id));
      setNewer(undefined);
      setAnnouncement(`${t("programmeSaved")} ${summary.version}.`);
      saved.reload();
    } catch (error) {
      if (!(base && error instanceof Problem && error.status === 409)) throw error;
      setNewer(await loadProgramme(base.id));
    }
  });

  const open = (id: string) => attempt(async () => {
    const programme = await loadProgramme(id);
    setOpened(programme);
    setDraft(latest(programme).definition);
    setNewer(undefined);
    setChecked(undefined);
    formHeading.current?.focus();
  });

  const startAfresh = () => {
    setOpened(undefined);
    setNewer(undefined);
    setChecked(undefined);
    setDraft(emptyProgramme(draft.targetGroup));
    formHeading.current?.focus();
  };

  return (
    <section class="programmes">
      <PageTitle title={t("programmesTitle")} />
      <p>{t("programmesIntro")}</p>
      <p class="visually-hidden" role="status" aria-live="polite">{announcement}</p>

      <section aria-labelledby="programme-heading">
        <h2 id="programme-heading" ref={formHeading} tabIndex={-1}>{opened ? `${t("programmeOpened")}: ${latest(opened).definition.name}` : t("newProgramme")}</h2>
        {opened && (
          <p class="notice" data-testid="opened">
            {t("version")} {latest(opened).version} ({date(latest(opened).savedAt)}, {latest(opened).savedBy}). {t("programmeOpenedHint")}
          </p>
        )}
        {newer && opened && <NewerVersion newer={newer} draft={draft} busy={busy} compare={setPair} save={save} open={open} />}
        <form class="programme-form" noValidate onSubmit={check} aria-labelledby="programme-heading">
          <ProgrammeForm draft={draft} change={setDraft} problem={problem} />
          <div class="actions">
            <button type="submit" disabled={busy}>{t("checkProgramme")}</button>
            {opened && <button type="button" disabled={busy} onClick={() => save(opened)}>{t("saveAsVersion")} {latest(opened).version + 1}</button>}
            <button type="button" disabled={busy} onClick={() => save()}>{opened ? t("saveAsNewProgramme") : t("saveProgramme")}</button>
            {opened && <button type="button" class="link" onClick={startAfresh}>{t("newProgramme")}</button>}
          </div>
        </form>
      </section>

      {checked && (
        <section aria-labelledby="assessment-heading" data-testid="assessment">
          <h2 id="assessment-heading" ref={resultHeading} tabIndex={-1}>{t("assessmentTitle")}: {checked.assessment.name}</h2>
          {checked.of !== JSON.stringify(draft) && <p class="notice">{t("assessmentStale")}</p>}
          {isEvaluatorOnly(session) && <p class="notice"><Suppressed /> {t("suppressedExplained")}</p>}
          <AssessmentView assessment={checked.assessment} />
        </section>
      )}

      <section aria-labelledby="saved-heading">
        <h2 id="saved-heading">{t("savedProgrammes")}</h2>
        <Loaded state={saved}>{(list) => list.length === 0 ? <p>{t("noSavedProgrammes")}</p> : (
          <>
            <SavedList list={list} open={open} />
            <h3 id="compare-heading">{t("compareTitle")}</h3>
            <p class="detail">{t("compareIntro")}</p>
            <ComparePicker key={`${list[0].id}|${list[0].version}`} saved={list} draft={draft} compare={setPair} />
          </>
        )}</Loaded>
        {pair && <Comparison pair={pair} />}
      </section>
    </section>
  );
}
