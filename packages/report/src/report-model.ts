import type { Figure } from './figure';
import type { Provenance } from './provenance';
import type { Table } from './comparison-table';
import type { ClaimsTable } from './claims-table';
import type { EqualTimeTable } from './equal-time';

export type TitledClaimsTable = ClaimsTable & { title?: string };

/** A titled group of figures (paper figure 1, figure 2, losses, metrics, sweeps). */
export interface FigureSection {
  heading: string;
  intro: string;
  figures: Figure[];
}

/** Everything report.md and index.html show; both are rendered from this one model. */
export interface ReportModel {
  title: string;
  description: string;
  table: Table;
  /** Each seed's values for rows that aggregate seeds (mean ± sd); null without seed groups. */
  seedDetails: Table | null;
  /** Paragraphs under the comparison table (what the metrics mean, the paper's caveat). */
  tableNotes: string[];
  sections: FigureSection[];
  /** Things the reader should know: requested epochs that were not sampled, and similar. */
  warnings: string[];
  provenance: Provenance[];
  /** The paper's claims tested on each entry of the spec's `claims`, with its title; empty when the spec has none. */
  claims: TitledClaimsTable[];
  /** The claims sides compared after the same training time (every claims table's pairs); absent without `claims`. */
  equalTime?: EqualTimeTable;
}
