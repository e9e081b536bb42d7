import { get } from "./api";
import { pick, type Lang } from "./i18n";

// The report's model as GET /api/catalogue gives it; labels in both languages.

export type Labelled = { id: string; labelDa: string; labelEn: string };
export type Cell = { factor: string; level: string };
export type Barrier = { id: string; factor: string; level: string; textDa: string; textEn: string };
export type Intervention = { id: string; number: number; nameDa: string; nameEn: string; evidence: string; cells: Cell[]; resultDa: string; resultEn: string };
export type Level = Labelled & { order: number; descriptionDa: string; descriptionEn: string };
/** A sign under a table (# or ¤) pointing from cells of this group to an intervention of the other group. */
export type Marker = { symbol: string; textDa: string; textEn: string; cells: Cell[] | null; refersTo: string | null };
export type Tool = { id: string; nameDa: string; nameEn: string; evidence: string };
export type Group = Labelled & {
  categories: (Labelled & { factors: Labelled[] })[]; barriers: Barrier[]; interventions: Intervention[]; markers: Marker[]; tools: Tool[];
};
export type Instrument = {
  id: string; version: number; nameDa: string; nameEn: string; group: string | null;
  scale: { min: number; max: number; lowDa?: string; highDa?: string; lowEn?: string; highEn?: string };
  dimensions: Labelled[];
};
export type EvidenceGrade = Labelled & { descriptionDa: string; descriptionEn: string };
export type CommonTrait = Labelled & { source: string };
export type CatalogueData = {
  version: string; groups: Group[]; levels: Level[]; evidenceGrades: EvidenceGrade[]; instruments: Instrument[]; commonTraits: CommonTrait[];
};

/** Lookups over the catalogue, in one language. */
export class Catalogue {
  readonly levels: Level[];
  private readonly factors = new Map<string, Labelled>();
  private readonly barriers = new Map<string, Barrier>();
  private readonly interventions = new Map<string, Intervention>();

  constructor(readonly data: CatalogueData, readonly lang: Lang) {
    this.levels = [...data.levels].sort((a, b) => a.order - b.order);
    for (const group of data.groups) {
      for (const factor of group.categories.flatMap((c) => c.factors)) this.factors.set(factor.id, factor);
      for (const barrier of group.barriers) this.barriers.set(barrier.id, barrier);
      for (const intervention of group.interventions) this.interventions.set(intervention.id, intervention);
    }
  }

  group = (id: string) => this.data.groups.find((g) => g.id === id);
  groupLabel = (id: string) => pick(this.group(id), "label", this.lang) || id;
  factorsOf = (group: string) => this.group(group)?.categories.flatMap((c) => c.factors) ?? [];
  factor = (id: string) => pick(this.factors.get(id), "label", this.lang) || id;
  level = (id: string) => pick(this.levels.find((l) => l.id === id), "label", this.lang) || id;
  barrier = (id: string) => pick(this.barriers.get(id), "text", this.lang) || id;
  barriersOf = (factor: string, level: string) => [...this.barriers.values()].filter((b) => b.factor === factor && b.level === level);
  interventionsOf = (group: string) => this.group(group)?.interventions ?? [];
  /** The markers of a group's table that point to an intervention of the other group (# or ¤). */
  markersOf = (group: string) => (this.group(group)?.markers ?? []).filter((m) => m.refersTo && this.interventions.has(m.refersTo));
  toolsOf = (group: string) => this.group(group)?.tools ?? [];
  evidence = (id: string | null | undefined) => (id ? pick(this.data.evidenceGrades.find((e) => e.id === id), "label", this.lang) || id : "");
  instrument = (id: string) => this.data.instruments.find((i) => i.id === id);
  instrumentName = (id: string) => pick(this.instrument(id), "name", this.lang) || id;
  instrumentsOf = (group: string) => this.data.instruments.filter((i) => !i.group || i.group === group);
  dimension = (instrument: string, id: string) => pick(this.instrument(instrument)?.dimensions.find((d) => d.id === id), "label", this.lang) || id;

  /** A catalogue intervention by its own name, a local one ("local:" + name) by the name the municipality gave it. */
  interventionName(key: string, fallback = "") {
    if (key.startsWith("local:")) return key.slice("local:".length);
    return pick(this.interventions.get(key), "name", this.lang) || fallback || key;
  }

  interventionEvidence = (key: string) => this.interventions.get(key)?.evidence;
}

let loading: Promise<CatalogueData> | null = null;

/** The catalogue changes only with a new release of the service: read once per page load. */
export const loadCatalogue = () => (loading ??= get<CatalogueData>("/api/catalogue").catch((e) => { loading = null; throw e; }));
