import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportData } from '@dq/plugin-api';
import charts from '@dq/plugin-charts-builtin';
import { reporterContract } from '@dq/testing';
import { expect } from 'vitest';
import plugin from './index.js';

// The built-in reporters on the contract of @dq/testing, on PGlite and PostgreSQL.
reporterContract(plugin, {
  name: 'html',
  with: [charts],
  options: (out) => ({ out: join(out, 'report.html') }),
});
reporterContract(plugin, {
  name: 'email',
  with: [charts],
  options: (out) => ({ dryRun: join(out, 'scorecard.eml'), out: join(out, 'report.html') }),
});
reporterContract(plugin, { name: 'docs', options: (out) => ({ out: join(out, 'docs'), samples: false }) });
reporterContract(plugin, {
  name: 'junit',
  options: (out) => ({ out: join(out, 'junit.xml') }),
  inspect: ({ files }) => {
    const xml = readFileSync(files[0]!, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(
      /<testcase classname="[^"]*" name="contract_people_all_bad" time="\d+\.\d{3}">\n {6}<failure /,
    );
    expect(xml).toContain('name="contract_people_all_good"');
  },
});
reporterContract(plugin, {
  name: 'json',
  options: (out) => ({ out: join(out, 'results.json') }),
  inspect: ({ files }) => {
    const data = JSON.parse(readFileSync(files[0]!, 'utf8')) as ReportData;
    expect(data.results.map((r) => [r.rule, r.status])).toEqual([
      ['contract_people_all_bad', 'FAILED'],
      ['contract_people_all_good', 'PASSED'],
    ]);
    for (const r of data.results) expect(typeof r.durationMs).toBe('number');
  },
});
