import type { Cell } from "../../catalogue";

// The case as the REST API answers it (GET /api/cases/{id}, /matrix, /timeline).

export type CaseBarrier = {
  id: string; factor: string; level: string; catalogueBarrier: string | null; description: string | null; serviceArea: string;
  identifiedAt: string; resolvedAt: string | null; isOpen: boolean;
};
export type CaseIntervention = {
  id: string; catalogueIntervention: string | null; localName: string | null; cells: Cell[]; barriers: string[]; serviceArea: string;
  provider: string; status: "active" | "completed" | "dropped-out"; startedAt: string; endedAt: string | null; dropOutReason: string | null;
  /** The table sign (# or ¤) through which an intervention of the other target group was started. */
  marker: string | null;
};
export type CaseOutcome = { id: string; kind: string; status: "reached" | "lost"; reachedAt: string; retainedAtMonths: number[]; lostAt: string | null };
export type CaseView = {
  id: string; version: number; citizenReference: string; targetGroup: string; municipality: string; services: string[];
  status: "open" | "closed"; openedAt: string; closedAt: string | null; closedReason: string | null;
  riskFactors: { factor: string; registeredAt: string; clearedAt: string | null }[];
  barriers: CaseBarrier[];
  interventions: CaseIntervention[];
  mentors: string[];
  latestMeasurements: { instrument: string; scores: Record<string, number>; measuredBy: string; measuredAt: string }[];
  outcomes: CaseOutcome[];
  dueFollowUps: { kind: "measurement" | "retention"; dueAt: string; instrument: string | null; outcomeId: string | null; checkpointMonths: number | null }[];
};

export type MatrixBarrier = { id: string; catalogueBarrier: string | null; text: string; open: boolean; blindSpot: boolean };
export type CaseMatrix = {
  version: number;
  levels: string[];
  rows: { factor: string; registered: boolean; cells: { level: string; barriers: MatrixBarrier[]; interventions: { id: string; name: string; coversCell: boolean }[]; blindSpots: number }[] }[];
  blindSpots: MatrixBarrier[];
};

/** GET /api/cases/{id}/suggestions: the report's interventions for each blind spot, in the service's order. */
export type LocalResults = {
  participants: number | null; completed: number | null; droppedOut: number | null; outcomeWithin12Months: number | null; meanProgressionChange: number | null;
};
export type SuggestedIntervention = {
  intervention: string; nameDa: string; nameEn: string; evidence: string; via: "cell" | "marker";
  previously: { status: "completed" | "dropped-out"; endedAt: string } | null;
  local: LocalResults | null;
};
export type CaseSuggestions = {
  caseId: string; version: number;
  blindSpots: { barrierId: string; factor: string; level: string; catalogueBarrier: string | null; interventions: SuggestedIntervention[] }[];
  tools: { tool: string; nameDa: string; nameEn: string; evidence: string }[];
};

export type TimelineEntry = { version: number; event: string; happenedAt: string; recordedAt: string; recordedBy: string | null; data: Record<string, unknown> };

/** A catalogue intervention's key, or "local:" + the local name: the key the read side and the catalogue use. */
export const interventionKey = (i: CaseIntervention) => i.catalogueIntervention ?? `local:${i.localName}`;

export type Measurement = { instrument: string; at: string; scores: Record<string, number> };

/** Every measurement in the order it happened (a late registration of an older one takes its place in time). */
export const measurementsOf = (timeline: TimelineEntry[]): Measurement[] =>
  timeline
    .filter((e) => e.event === "progression-measured")
    .map((e) => ({ instrument: String(e.data.instrument), at: e.happenedAt, scores: e.data.scores as Record<string, number> }))
    .sort((a, b) => a.at.localeCompare(b.at));

export const retentionCheckpoints = [3, 6, 12];

/** The day a retention checkpoint falls due: the months after the outcome was reached. */
export function checkpointDate(reachedAt: string, months: number) {
  const due = new Date(reachedAt);
  due.setUTCMonth(due.getUTCMonth() + months);
  return due.toISOString();
}
