import { describe, expect, it } from 'vitest';
import type { ClaimRow } from './claims-table';
import { CLAIMS_HEADING, claimsHtml, claimsMarkdown } from './render-claims';
import type { TitledClaimsTable } from './report-model';

const row = (claim: string, verdict: ClaimRow['verdict']): ClaimRow => ({
  claim,
  section: '3.8',
  test: 'classifier-FID, lower is better',
  gan: '20.0',
  vae: '30.0',
  verdict,
  note: '',
});
const tables: TitledClaimsTable[] = [
  { title: 'the paper budgets, one seed', sides: 'GAN: g; VAE: v.', rows: [row('lower FID for the GAN', 'holds')] },
  { title: 'every seed', sides: 'GAN: gs; VAE: vs.', rows: [row('lower FID for the GAN', 'inconclusive')] },
];

describe('several claims tables', () => {
  it('each under its own heading, the rule explained once, the first keeping the ids a single table has', () => {
    const md = tables.flatMap((t, i) => claimsMarkdown(t, i)).join('\n');
    expect(md).toContain(`## ${CLAIMS_HEADING}: the paper budgets, one seed`);
    expect(md).toContain(`## ${CLAIMS_HEADING}: every seed`);
    expect(md.match(/Each claim of the paper’s results/g)).toHaveLength(1);
    expect(md).toContain('| lower FID for the GAN | 3.8 | classifier-FID, lower is better | 20.0 | 30.0 | **inconclusive** |  |');
    const html = tables.flatMap((t, i) => claimsHtml(t, i)).join('\n');
    expect(html).toContain('<table id="claims-table">');
    expect(html).toContain('<table id="claims-table-2">');
    expect(html).toContain('<h2 id="claims-2">');
  });

  it('an untitled single table keeps the plain heading', () => {
    const [{ title: _title, ...untitled }] = tables;
    expect(claimsMarkdown(untitled)[0]).toBe(`## ${CLAIMS_HEADING}`);
  });
});
