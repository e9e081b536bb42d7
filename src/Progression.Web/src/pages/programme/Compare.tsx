import { useEffect, useRef, useState } from "preact/hooks";
import { Loaded, useAsync } from "../../components/async";
import { useCatalogue } from "../../context";
import { pick, useTexts } from "../../i18n";
import { cellsOf } from "./Assessment";
import { assess, cellKey, loadProgramme, versionLabel, type Labelled, type Programme, type ProgrammeSummary } from "./model";

const draftKey = "draft";

/** Two saved versions (of one programme or two), or one and the draft, to compare: each picked as programme and version. */
export function ComparePicker({ saved, draft, compare }: { saved: ProgrammeSummary[]; draft: Programme; compare: (pair: [Labelled, Labelled]) => void }) {
  const { t } = useTexts();
  const newest = saved[0];
  const [a, setA] = useState(newest && newest.version > 1 ? `${newest.id}|${newest.version - 1}` : draftKey);
  const [b, setB] = useState(newest ? `${newest.id}|${newest.version}` : draftKey);
  const [busy, setBusy] = useState(false);
  const labelled = async (key: string): Promise<Labelled> => {
    if (key === draftKey) return { label: t("yourDraft"), definition: draft };
    const [id, version] = key.split("|");
    const found = (await loadProgramme(id)).versions.find((v) => v.version === Number(version))!;
    return { label: versionLabel(found.definition.name, found.version, t("version")), definition: found.definition };
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try { compare(await Promise.all([labelled(a), labelled(b)])); } finally { setBusy(false); }
  };
  const choice = (id: string, label: string, value: string, set: (v: string) => void) => (
    <label for={id}>{label}
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value={draftKey}>{t("yourDraft")}</option>
        {saved.map((p) => (
          <optgroup key={p.id} label={p.name}>
            {Array.from({ length: p.version }, (_, i) => i + 1).map((v) => <option key={v} value={`${p.id}|${v}`}>{versionLabel(p.name, v, t("version"))}</option>)}
          </optgroup>
        ))}
      </select>
    </label>
  );
  return (
    <form class="filters compare-picker" onSubmit={submit} aria-label={t("compareTitle")}>
      {choice("compare-a", t("compareA"), a, setA)}
      {choice("compare-b", t("compareB"), b, setB)}
      <button type="submit" disabled={busy}>{t("compare")}</button>
    </form>
  );
}

/** Side by side: per cell of either programme whether it addresses it, then the common traits each lacks. */
export function Comparison({ pair }: { pair: [Labelled, Labelled] }) {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  const state = useAsync(() => Promise.all(pair.map((p) => assess(p.definition))), [pair]);
  // The comparison may be asked for far from where it appears (a refused save): bring it into view.
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus(), [state.data]);
  return (
    <Loaded state={state}>{(assessments) => {
      const sides = assessments.map((a) => ({ assessment: a, ...cellsOf(a, catalogue.factorsOf) }));
      const rows = sides.flatMap((s) => s.factors.flatMap((factor) => catalogue.levels.map((l) => ({ factor, level: l.id }))))
        .filter((c, i, all) => all.findIndex((x) => cellKey(x) === cellKey(c)) === i);
      const stateOf = (side: (typeof sides)[number], c: { factor: string; level: string }) =>
        !side.factors.includes(c.factor) ? "absent" : side.isAddressed(c) ? "addressed" : "unaddressed";
      const words = { absent: t("notInProgramme"), addressed: t("cellAddressedResult"), unaddressed: t("cellUnaddressed") };
      const marks = { absent: "– ", addressed: "✓ ", unaddressed: "✗ " };
      return (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t("compareTitle")} ref={region}>
          <table class="compare">
            <caption>{pair[0].label} · {pair[1].label}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cell")}</th>
                {sides.map((s, i) => (
                  <th scope="col" key={i}>{pair[i].label}<div class="detail">{t("unaddressedCount")}: {s.assessment.unaddressed.length}</div></th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => {
                const states = sides.map((s) => stateOf(s, c));
                const differs = states[0] !== states[1];
                return (
                  <tr key={cellKey(c)} data-cell={cellKey(c)} class={differs ? "differs" : ""}>
                    <th scope="row">
                      {catalogue.factor(c.factor)} × {catalogue.level(c.level)}
                      {differs && <strong class="differs-mark"> ≠ <span class="visually-hidden">{t("differs")}</span></strong>}
                    </th>
                    {states.map((s, i) => <td key={i} data-side={i === 0 ? "a" : "b"} data-state={s} class={s}><span aria-hidden="true">{marks[s]}</span>{words[s]}</td>)}
                  </tr>
                );
              })}
              <tr>
                <th scope="row">{t("lackingTraits")}</th>
                {sides.map((s, i) => (
                  <td key={i}>
                    {s.assessment.traits.length === 0 ? t("none") : (
                      <ul class="plain traits">{s.assessment.traits.map((trait) => <li key={trait.id}>{pick(trait, "label", lang)}</li>)}</ul>
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      );
    }}</Loaded>
  );
}
