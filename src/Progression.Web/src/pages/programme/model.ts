import { get, post } from "../../api";
import type { Cell, CommonTrait } from "../../catalogue";

// A proposed programme and what the service says of it (POST /api/programmes/assessment), and the saved ones
// (POST /api/programmes, GET /api/programmes, GET /api/programmes/{id}).

export type Programme = {
  name: string; targetGroup: string; riskFactors: string[]; cells: Cell[]; interventions: string[]; tools: string[]; traits: string[];
};

/** Cases with a blind spot in a cell; null: too few to show (evaluators), never 0. */
export type CellDemand = Cell & { cases: number | null };
export type Assessment = {
  name: string; targetGroup: string;
  unaddressed: (Cell & { barriers: { id: string; textDa: string; textEn: string }[] })[];
  addressed: (Cell & {
    interventions: { intervention: string; nameDa: string; nameEn: string; evidence: string; resultDa: string; resultEn: string; builtOn: boolean }[];
  })[];
  traits: CommonTrait[];
  demand: { programmeCells: CellDemand[]; unaddressedCells: CellDemand[]; missingMunicipalities: string[] } | null;
};

export type ProgrammeSummary = { id: string; name: string; targetGroup: string; version: number; savedAt: string };
export type ProgrammeVersion = { version: number; savedAt: string; savedBy: string; definition: Programme };
export type SavedProgramme = { id: string; versions: ProgrammeVersion[] };

/** A definition to read or compare, named for people: "Name, version 2" or "Your draft". */
export type Labelled = { label: string; definition: Programme };

export const assess = (programme: Programme) => post<Assessment>("/api/programmes/assessment", programme);
export const listProgrammes = () => get<ProgrammeSummary[]>("/api/programmes");

/** A saved programme, its optional lists as empty lists (the service keeps what was sent, null included). */
export async function loadProgramme(id: string): Promise<SavedProgramme> {
  const saved = await get<SavedProgramme>(`/api/programmes/${encodeURIComponent(id)}`);
  return {
    id: saved.id,
    versions: saved.versions.map((v) => ({
      ...v, definition: { ...v.definition, interventions: v.definition.interventions ?? [], tools: v.definition.tools ?? [], traits: v.definition.traits ?? [] },
    })),
  };
}

/** Saves a new programme, or with its id and the version last read a new version of it (409 when someone saved since). */
export const saveProgramme = (programme: Programme, saved?: { id: string; version: number }) =>
  post<ProgrammeSummary>("/api/programmes", saved ? { programme, programmeId: saved.id, expectedVersion: saved.version } : { programme });

export const latest = (saved: SavedProgramme) => saved.versions[saved.versions.length - 1];

/** A saved version named for people, "Name, version 2" (word: the language's word for version). */
export const versionLabel = (name: string, version: number, word: string) => `${name}, ${word.toLowerCase()} ${version}`;

export const cellKey = (c: Cell) => `${c.factor}|${c.level}`;
