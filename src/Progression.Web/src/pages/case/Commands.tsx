import { useState } from "preact/hooks";
import { ChoiceField, Choices, CommandForm, Field, Select, TextField, value, type Fill, type Send } from "../../components/forms";
import { useCatalogue, useSession } from "../../context";
import { useTexts } from "../../i18n";
import { interventionKey, retentionCheckpoints, type CaseView } from "./model";

const serviceAreas = ["social", "employment", "health", "education"];
const outcomeKinds = ["ordinary-job", "subsidised-job", "flex-job", "education-started", "other"];

/**
 * The everyday commands on a case, each a form of its own; what makes no sense in the case's state is not offered.
 * startWith: values for the start-intervention form (a suggestion picked on the page).
 */
export function Commands({ view, send, startWith }: { view: CaseView; send: Send; startWith?: Fill }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const coordinator = session.roles.includes("coordinator");
  if (view.status === "closed") {
    return coordinator ? (
      <CommandForm name="reopen" title={t("reopenCase")} path="reopen" send={send} build={(d) => ({ reason: value(d, "reason") })}>
        <TextField name="reason" label={t("reason")} />
      </CommandForm>
    ) : null;
  }

  const registered = view.riskFactors.filter((f) => !f.clearedAt).map((f) => f.factor);
  const openBarriers = view.barriers.filter((b) => b.isOpen);
  const active = view.interventions.filter((i) => i.status === "active");
  const reached = view.outcomes.filter((o) => o.status === "reached");
  const barrierLabel = (b: CaseView["barriers"][number]) =>
    `${catalogue.factor(b.factor)} × ${catalogue.level(b.level)}: ${b.catalogueBarrier ? catalogue.barrier(b.catalogueBarrier) : b.description}`;
  const activeOptions = active.map((i) => ({ value: i.id, label: `${catalogue.interventionName(interventionKey(i))} (${i.provider})` }));
  const reachedOptions = reached.map((o) => ({ value: o.id, label: `${t(`kind.${o.kind}` as "kind.other")} (${o.reachedAt.slice(0, 10)})` }));

  return (
    <div class="commands">
      <CommandForm name="measure" title={t("measure")} path="measurements" send={send} build={(d) => ({
        instrument: value(d, "instrument"), measuredBy: value(d, "measuredBy"),
        scores: Object.fromEntries([...d.entries()].filter(([k, v]) => k.startsWith("scores.") && String(v).trim())
          .map(([k, v]) => [k.slice("scores.".length), Number(v)])),
      })}>
        <MeasurementFields view={view} />
      </CommandForm>

      <CommandForm name="register-risk-factor" title={t("registerRiskFactor")} path="risk-factors" send={send}
        build={(d) => ({ factor: value(d, "factor"), note: value(d, "note") })}>
        <ChoiceField name="factor" label={t("riskFactor")} options={catalogue.factorsOf(view.targetGroup).filter((f) => !registered.includes(f.id)).map((f) => ({ value: f.id, label: catalogue.factor(f.id) }))} />
        <TextField name="note" label={t("note")} />
      </CommandForm>

      {registered.length > 0 && (
        <CommandForm name="clear-risk-factor" title={t("clearRiskFactor")} path="risk-factors/clear" send={send}
          build={(d) => ({ factor: value(d, "factor"), note: value(d, "note") })}>
          <ChoiceField name="factor" label={t("riskFactor")} options={registered.map((f) => ({ value: f, label: catalogue.factor(f) }))} />
          <TextField name="note" label={t("note")} />
        </CommandForm>
      )}

      <CommandForm name="identify-barrier" title={t("identifyBarrier")} path="barriers" send={send} build={(d) => ({
        factor: value(d, "factor"), level: value(d, "level"), catalogueBarrier: value(d, "catalogueBarrier"),
        description: value(d, "description"), serviceArea: value(d, "serviceArea"),
      })}>
        <BarrierFields registered={registered} />
      </CommandForm>

      {openBarriers.length > 0 && (
        <CommandForm name="resolve-barrier" title={t("resolveBarrier")} path="barriers/resolve" send={send}
          build={(d) => ({ barrierId: value(d, "barrierId"), note: value(d, "note") })}>
          <ChoiceField name="barrierId" label={t("barrier")} options={openBarriers.map((b) => ({ value: b.id, label: barrierLabel(b) }))} />
          <TextField name="note" label={t("note")} />
        </CommandForm>
      )}

      <CommandForm name="start-intervention" title={t("startIntervention")} path="interventions" send={send} fill={startWith} build={(d) => {
        const local = value(d, "local.name");
        return {
          ...(local
            ? { local: { name: local, cells: d.getAll("local.cells").map((c) => { const [factor, level] = String(c).split("|"); return { factor, level }; }) } }
            : { catalogueIntervention: value(d, "catalogueIntervention") }),
          barriers: d.getAll("barriers").map(String), serviceArea: value(d, "serviceArea"), provider: value(d, "provider"),
        };
      }}>
        <ChoiceField name="catalogueIntervention" label={t("catalogueIntervention")} options={[
          ...catalogue.interventionsOf(view.targetGroup).map((i) => ({ value: i.id, label: `${i.number}. ${catalogue.interventionName(i.id)} (${catalogue.evidence(i.evidence)})` })),
          // The other group's interventions a sign under this group's table points to (# or ¤), startable here too.
          ...catalogue.markersOf(view.targetGroup).map((m) => ({
            value: m.refersTo!, label: `${m.symbol} ${catalogue.interventionName(m.refersTo!)} (${catalogue.evidence(catalogue.interventionEvidence(m.refersTo!))}; ${t("viaMarker")})`,
          })),
        ]} />
        <TextField name="local.name" label={t("localName")} />
        <Choices name="local.cells" legend={t("localCells")} options={registered.flatMap((f) => catalogue.levels.map((l) => ({
          value: `${f}|${l.id}`, label: `${catalogue.factor(f)} × ${catalogue.level(l.id)}`,
        })))} />
        <Choices name="barriers" legend={t("barriersAddressed")} options={openBarriers.map((b) => ({ value: b.id, label: barrierLabel(b) }))} />
        <ServiceArea />
        <TextField name="provider" label={t("provider")} />
      </CommandForm>

      {active.length > 0 && (
        <>
          <CommandForm name="complete-intervention" title={t("completeIntervention")} path="interventions/complete" send={send}
            build={(d) => ({ interventionId: value(d, "interventionId"), note: value(d, "note") })}>
            <ChoiceField name="interventionId" label={t("intervention")} options={activeOptions} />
            <TextField name="note" label={t("note")} />
          </CommandForm>
          <CommandForm name="drop-out" title={t("dropOut")} path="interventions/drop-out" send={send}
            build={(d) => ({ interventionId: value(d, "interventionId"), reason: value(d, "reason") })}>
            <ChoiceField name="interventionId" label={t("intervention")} options={activeOptions} />
            <TextField name="reason" label={t("reason")} />
          </CommandForm>
        </>
      )}

      <CommandForm name="reach-outcome" title={t("reachOutcome")} path="outcomes" send={send} build={(d) => ({ kind: value(d, "kind"), note: value(d, "note") })}>
        <ChoiceField name="kind" label={t("kind")} options={outcomeKinds.map((k) => ({ value: k, label: t(`kind.${k}` as "kind.other") }))} />
        <TextField name="note" label={t("note")} />
      </CommandForm>

      {reached.length > 0 && (
        <>
          <CommandForm name="retention" title={t("retentionCheck")} path="outcomes/retained" send={send}
            build={(d) => ({ outcomeId: value(d, "outcomeId"), checkpointMonths: Number(value(d, "checkpointMonths")) || undefined })}>
            <ChoiceField name="outcomeId" label={t("outcome")} options={reachedOptions} />
            <ChoiceField name="checkpointMonths" label={t("checkpointMonths")} options={retentionCheckpoints.map((m) => ({ value: String(m), label: String(m) }))} />
          </CommandForm>
          <CommandForm name="outcome-lost" title={t("outcomeLost")} path="outcomes/lost" send={send}
            build={(d) => ({ outcomeId: value(d, "outcomeId"), reason: value(d, "reason") })}>
            <ChoiceField name="outcomeId" label={t("outcome")} options={reachedOptions} />
            <TextField name="reason" label={t("reason")} />
          </CommandForm>
        </>
      )}

      {coordinator && (
        <>
          <CommandForm name="assign-mentor" title={t("assignMentor")} path="mentors" send={send} build={(d) => ({ mentorId: value(d, "mentorId") })}>
            <TextField name="mentorId" label={t("mentorId")} />
          </CommandForm>
          {view.mentors.length > 0 && (
            <CommandForm name="unassign-mentor" title={t("unassignMentor")} path="mentors/unassign" send={send} build={(d) => ({ mentorId: value(d, "mentorId") })}>
              <ChoiceField name="mentorId" label={t("mentor")} options={view.mentors.map((m) => ({ value: m, label: m }))} />
            </CommandForm>
          )}
          <CommandForm name="close" title={t("closeCase")} path="close" send={send} build={(d) => ({ reason: value(d, "reason") })}>
            <TextField name="reason" label={t("reason")} />
          </CommandForm>
        </>
      )}
    </div>
  );
}

function ServiceArea() {
  const { t } = useTexts();
  return (
    <ChoiceField name="serviceArea" label={t("serviceArea")} options={serviceAreas.map((a) => ({ value: a, label: t(`area.${a}` as "area.social") }))} />
  );
}

/** A barrier in a cell: the catalogue's barriers of the chosen cell to pick from, or a description of one's own. */
function BarrierFields({ registered }: { registered: string[] }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const [factor, setFactor] = useState("");
  const [level, setLevel] = useState("");
  const options = factor && level ? catalogue.barriersOf(factor, level) : [];
  return (
    <>
      <Field name="factor" label={t("riskFactor")}>{(p) => (
        <Select {...p} value={factor} onChange={(e) => setFactor(e.currentTarget.value)} options={registered.map((f) => ({ value: f, label: catalogue.factor(f) }))} />
      )}</Field>
      <Field name="level" label={t("level")}>{(p) => (
        <Select {...p} value={level} onChange={(e) => setLevel(e.currentTarget.value)} options={catalogue.levels.map((l) => ({ value: l.id, label: catalogue.level(l.id) }))} />
      )}</Field>
      <Field name="catalogueBarrier" label={t("catalogueBarrier")}>{(p) => (
        <Select {...p} disabled={options.length === 0} options={options.map((b) => ({ value: b.id, label: catalogue.barrier(b.id) }))} />
      )}</Field>
      <TextField name="description" label={t("description")} />
      <ServiceArea />
    </>
  );
}

/** One input per dimension of the chosen instrument, with the scale's anchors. */
function MeasurementFields({ view }: { view: CaseView }) {
  const { t, lang } = useTexts();
  const catalogue = useCatalogue();
  const session = useSession();
  const instruments = catalogue.instrumentsOf(view.targetGroup);
  const [chosen, setChosen] = useState(instruments.length === 1 ? instruments[0].id : "");
  const instrument = catalogue.instrument(chosen);
  const scale = instrument?.scale;
  const low = lang === "da" ? scale?.lowDa : scale?.lowEn;
  const high = lang === "da" ? scale?.highDa : scale?.highEn;
  return (
    <>
      <Field name="instrument" label={t("instrument")}>{(p) => (
        <Select {...p} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} options={instruments.map((i) => ({ value: i.id, label: catalogue.instrumentName(i.id) }))} />
      )}</Field>
      {instrument && scale && (
        <fieldset class="dimensions">
          <legend>{t("scaleFromTo")} {scale.min}–{scale.max}{low && high ? `: ${scale.min} = ${low}, ${scale.max} = ${high}` : ""}</legend>
          {instrument.dimensions.map((d) => (
            <Field key={d.id} name={`scores.${d.id}`} label={catalogue.dimension(instrument.id, d.id)}>
              {(p) => <input type="number" inputMode="numeric" min={scale.min} max={scale.max} step="1" {...p} />}
            </Field>
          ))}
        </fieldset>
      )}
      <Field name="measuredBy" label={t("measuredBy")}>{(p) => <input type="text" defaultValue={session.user} {...p} />}</Field>
    </>
  );
}
