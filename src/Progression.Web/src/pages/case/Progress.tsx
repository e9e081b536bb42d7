import { useMemo } from "preact/hooks";
import { Chart } from "../../components/Chart";
import { useCatalogue } from "../../context";
import { useTexts } from "../../i18n";
import type { Instrument } from "../../catalogue";
import { interventionKey, type CaseIntervention, type Measurement } from "./model";

/**
 * Progression on each instrument the case was measured on: a radar of the first, previous and latest measurement,
 * and a small line per dimension over time with the intervention periods as bands.
 */
export function Progress({ measurements, interventions, until }: { measurements: Measurement[]; interventions: CaseIntervention[]; until: string }) {
  const { t } = useTexts();
  const catalogue = useCatalogue();
  const instruments = [...new Set(measurements.map((m) => m.instrument))];
  if (instruments.length === 0) return <p>{t("noMeasurements")}</p>;
  return (
    <>
      {instruments.map((id) => {
        const instrument = catalogue.instrument(id);
        return instrument && (
          <InstrumentProgress key={id} instrument={instrument} measurements={measurements.filter((m) => m.instrument === id)}
            interventions={interventions} until={until} />
        );
      })}
    </>
  );
}

function InstrumentProgress({ instrument, measurements, interventions, until }: {
  instrument: Instrument; measurements: Measurement[]; interventions: CaseIntervention[]; until: string;
}) {
  const { t, date, lang } = useTexts();
  const catalogue = useCatalogue();
  const name = catalogue.instrumentName(instrument.id);
  const dimension = (id: string) => catalogue.dimension(instrument.id, id);
  const shown = measurements.length >= 3
    ? [[t("latest"), measurements.at(-1)!], [t("previousMeasurement"), measurements.at(-2)!], [t("first"), measurements[0]]] as const
    : measurements.length === 2
      ? [[t("latest"), measurements[1]], [t("first"), measurements[0]]] as const
      : [[t("latest"), measurements[0]]] as const;

  const radar = useMemo(() => ({
    legend: { bottom: 0 },
    radar: {
      radius: "62%",
      indicator: instrument.dimensions.map((d) => ({ name: dimension(d.id), min: instrument.scale.min, max: instrument.scale.max })),
      // Long dimension names break over lines instead of running off the chart.
      axisName: { color: "#333", lineHeight: 15, formatter: (text: string) => text.replace(/(.{1,22})(\s|$)/g, "$1\n").trim() },
    },
    series: [{
      type: "radar",
      data: shown.map(([label, m], i) => ({
        name: `${label} (${date(m.at)})`, value: instrument.dimensions.map((d) => m.scores[d.id]),
        lineStyle: { type: i === 0 ? "solid" : i === 1 ? "dashed" : "dotted", width: i === 0 ? 3 : 2 },
      })),
    }],
  }), [measurements, lang]);

  const bands = interventions.map((i) => [
    { xAxis: i.startedAt, name: catalogue.interventionName(interventionKey(i)) },
    { xAxis: i.endedAt ?? until },
  ]);
  const latest = shown[0][1];
  return (
    <section class="instrument" data-instrument={instrument.id}>
      <h3>{name}</h3>
      <div class="progress-grid">
        <Chart kind="radar" class="radar" label={`${t("radarLabel")} ${name}`} option={radar} />
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${t("scoresTable")}: ${name}`}>
        <table class="scores">
          <caption>{t("scoresTable")} ({t("scaleFromTo")} {instrument.scale.min}–{instrument.scale.max})</caption>
          <thead><tr><th scope="col">{t("dimension")}</th>{shown.map(([label, m]) => <th scope="col" key={label}>{label}<br /><span class="detail">{date(m.at)}</span></th>)}</tr></thead>
          <tbody>
            {instrument.dimensions.map((d) => (
              <tr key={d.id}>
                <th scope="row">{dimension(d.id)}</th>
                {shown.map(([label, m]) => <td key={label} data-latest={m === latest ? d.id : undefined}>{m.scores[d.id] ?? t("none")}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </div>
      <p class="detail">{t("bandsNote")}</p>
      <div class="lines">
        {instrument.dimensions.map((d) => (
          <DimensionLine key={d.id} label={`${t("linesLabel")} ${dimension(d.id)}`} title={dimension(d.id)} instrument={instrument}
            points={measurements.map((m) => [m.at, m.scores[d.id]])} bands={bands} />
        ))}
      </div>
    </section>
  );
}

function DimensionLine({ label, title, instrument, points, bands }: {
  label: string; title: string; instrument: Instrument; points: (string | number)[][]; bands: object[][];
}) {
  const option = useMemo(() => ({
    grid: { left: 32, right: 12, top: 10, bottom: 24 },
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", min: instrument.scale.min, max: instrument.scale.max, interval: Math.max(1, Math.round((instrument.scale.max - instrument.scale.min) / 3)) },
    series: [{
      type: "line", data: points, symbolSize: 7, lineStyle: { width: 2 },
      markArea: { silent: true, itemStyle: { color: "rgba(31, 95, 168, 0.12)" }, label: { show: false }, data: bands },
    }],
  }), [points, bands, title]);
  return <figure><figcaption>{title}</figcaption><Chart kind="line" class="line" label={label} option={option} /></figure>;
}
