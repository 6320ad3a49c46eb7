import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DqError, type GenerateManifest, type GenerateResult, type Generator, tokens } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';
import { renderTable } from '../render/table.js';

function today(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

export default class Generate extends DqCommand<typeof Generate> {
  static override summary = 'Write the retail CSV feeds (deterministic for a seed), optionally with defects.';
  static override description =
    `Without --days: one set of the six feeds stamped --date, holding the whole history up to it.
--scale multiplies every feed: customers, products and transactions directly; below scale 1 the
configured campaigns stay and each reaches the fewer customers, above it campaigns multiply and each
reaches 1/scale of the customers, so responses grow with the scale too.

With --days N: one set per day, the N days ending on --date, each file stamped with its day
(crm_customers_YYYYMMDD.csv ...), so a source picks up that day's file. Customers, products and
campaigns are that day's snapshot (customers registered and campaigns started by then; with
--changes P, P% of the customers change from one day to the next); transactions, their items and
campaign responses are that day's events, the scaled volume spread over the N days (about 10%
day-to-day variation). The same seed, scale, date and incidents give the same bytes. A manifest.json
beside the feeds lists every day's files and row counts and every injected incident.

--incident DAY:KIND[:TARGET][=AMOUNT] (repeatable, needs --days) injects a known incident; DAY is
the day of the window (1 = the first) or its date YYYYMMDD. Only the files of that day change:
  volume_drop[:FEED][=PCT]         leaves out PCT% of the day's rows (default ecom_transactions, 50;
                                   a transaction's items go with it)
  null_spike[:FEED.COLUMN][=PCT]   empties the column in PCT% of the day's rows
                                   (default crm_customers.email, 30)
  late_feed[:FEED][=DAYS]          the feed is DAYS late (default ecom_transactions, 1): the files of
                                   those days repeat the day before's delivery (stale timestamps) and
                                   the late rows arrive with the next day on time
  dropped_column[:FEED.COLUMN]     the day's file lacks the column, header and rows
                                   (default crm_customers.phone_number)`;
  static override examples = [
    '<%= config.bin %> generate',
    '<%= config.bin %> generate --out data/raw --scale 0.1 --seed 7 --date 20260101 --defects',
    '<%= config.bin %> generate --changes 5   # plus a next-day customers snapshot with 5% moved',
    '<%= config.bin %> generate --days 28 --date 20260228 --scale 0.1 --incident 10:volume_drop --incident 14:null_spike --incident 18:late_feed --incident 22:dropped_column',
    '<%= config.bin %> generate --days 7 --incident 20260105:null_spike:ecom_transactions.payment_method=60',
  ];
  static override flags = {
    out: Flags.string({ char: 'o', description: 'output directory (default: generate.out from config)' }),
    scale: Flags.string({ description: 'volume multiplier; 1 = seed volumes (default: generate.scale, 1)' }),
    seed: Flags.integer({ description: 'random seed (default: generate.seed from config)' }),
    date: Flags.string({ description: 'feed date YYYYMMDD (default: today)' }),
    defects: Flags.boolean({ description: 'add malformed and dirty rows', default: false }),
    changes: Flags.integer({
      description:
        'also write a later customers snapshot with this % changed (with --days: % changed each day)',
      min: 0,
      max: 100,
    }),
    days: Flags.integer({
      description: 'write one dated set of feeds per day for N days ending on --date (at most 366)',
      min: 1,
      max: 366,
    }),
    incident: Flags.string({
      description:
        'inject DAY:KIND[:TARGET][=AMOUNT] (volume_drop, null_spike, late_feed, dropped_column); repeatable',
      multiple: true,
    }),
    generator: Flags.string({
      description: 'generator name (default: generate.generator, else the first registered: retail)',
    }),
  };

  async run(): Promise<GenerateResult> {
    const kernel = await this.kernel();
    const scale = this.flags.scale === undefined ? kernel.config.generate.scale : Number(this.flags.scale);
    if (!Number.isFinite(scale) || scale <= 0) {
      throw new DqError('DQ_USAGE', `--scale must be a positive number, got "${this.flags.scale}".`);
    }
    const date = this.flags.date ?? today();
    if (
      !/^\d{8}$/.test(date) ||
      Number.isNaN(Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`))
    ) {
      throw new DqError('DQ_USAGE', `--date must be a date as YYYYMMDD, got "${date}".`);
    }
    const generators = kernel.resolveAll<Generator>(tokens.generator);
    const wanted = this.flags.generator ?? kernel.config.generate.generator;
    const generator = wanted ? generators.find((g) => g.name === wanted) : generators[0];
    if (!generator) {
      throw new DqError('DQ_USAGE', `No generator ${wanted ?? ''} is registered.`, {
        hint: `Registered generators: ${generators.map((g) => g.name).join(', ') || 'none'}.`,
      });
    }
    const { generate } = kernel.config;
    const started = performance.now();
    const result = await generator.generate(
      {
        outDir: this.flags.out ? resolve(this.flags.out) : generate.out,
        scale,
        seed: this.flags.seed ?? generate.seed,
        date,
        defects: this.flags.defects,
        ...(this.flags.changes === undefined ? {} : { changes: this.flags.changes }),
        ...(this.flags.days === undefined ? {} : { days: this.flags.days }),
        ...(this.flags.incident === undefined ? {} : { incidents: this.flags.incident }),
        volumes: {
          customers: generate.customers,
          products: generate.products,
          transactions: generate.transactions,
          campaigns: generate.campaigns,
        },
      },
      { logger: kernel.logger },
    );
    const { files } = result;
    if (result.manifest) await this.logDays(result.manifest);
    else
      this.log(
        renderTable(
          ['feed', 'rows', 'malformed', 'file'],
          files.map((f) => [f.feed, f.rows, f.malformedRows, f.path]),
        ),
      );
    this.log(`Generated ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return result;
  }

  /** A window's files as one row per day (rows per feed) and its incidents. */
  private async logDays(manifestPath: string): Promise<void> {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as GenerateManifest;
    const feedNames = Object.keys(manifest.days[0]?.feeds ?? {});
    const kinds = (day: number) =>
      manifest.incidents
        .filter((incident) => incident.day === day)
        .map((incident) => incident.kind)
        .join(', ');
    this.log(
      renderTable(
        ['day', 'date', ...feedNames, 'incidents'],
        manifest.days.map((d) => [
          d.day,
          d.date,
          ...feedNames.map((feed) => d.feeds[feed]?.rows ?? 0),
          kinds(d.day),
        ]),
      ),
    );
    for (const incident of manifest.incidents) this.log(`day ${incident.day}: ${incident.description}`);
    this.log(`Manifest: ${manifestPath}`);
  }
}
