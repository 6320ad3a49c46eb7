import { resolve } from 'node:path';
import { DqError, type GeneratedFile, type Generator, tokens } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';
import { renderTable } from '../render/table.js';

function today(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}

export default class Generate extends DqCommand<typeof Generate> {
  static override summary = 'Write the retail CSV feeds (deterministic for a seed), optionally with defects.';
  static override examples = [
    '<%= config.bin %> generate',
    '<%= config.bin %> generate --out data/raw --scale 0.1 --seed 7 --date 20260101 --defects',
    '<%= config.bin %> generate --changes 5   # plus a next-day customers snapshot with 5% moved',
  ];
  static override flags = {
    out: Flags.string({ char: 'o', description: 'output directory (default: generate.out from config)' }),
    scale: Flags.string({ description: 'volume multiplier; 1 = seed volumes', default: '1' }),
    seed: Flags.integer({ description: 'random seed (default: generate.seed from config)' }),
    date: Flags.string({ description: 'feed date YYYYMMDD (default: today)' }),
    defects: Flags.boolean({ description: 'add malformed and dirty rows', default: false }),
    changes: Flags.integer({
      description: 'also write a later customers snapshot with this % changed',
      min: 0,
      max: 100,
    }),
    generator: Flags.string({ description: 'generator name (default: the first registered, retail)' }),
  };

  async run(): Promise<{ files: GeneratedFile[] }> {
    const kernel = await this.kernel();
    const scale = Number(this.flags.scale);
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
    const generator = this.flags.generator
      ? generators.find((g) => g.name === this.flags.generator)
      : generators[0];
    if (!generator) {
      throw new DqError('DQ_USAGE', `No generator ${this.flags.generator ?? ''} is registered.`, {
        hint: `Registered generators: ${generators.map((g) => g.name).join(', ') || 'none'}.`,
      });
    }
    const { generate } = kernel.config;
    const started = performance.now();
    const files = await generator.generate(
      {
        outDir: this.flags.out ? resolve(this.flags.out) : generate.out,
        scale,
        seed: this.flags.seed ?? generate.seed,
        date,
        defects: this.flags.defects,
        ...(this.flags.changes === undefined ? {} : { changes: this.flags.changes }),
        volumes: {
          customers: generate.customers,
          products: generate.products,
          transactions: generate.transactions,
          campaigns: generate.campaigns,
        },
      },
      { logger: kernel.logger },
    );
    this.log(
      renderTable(
        ['feed', 'rows', 'malformed', 'file'],
        files.map((f) => [f.feed, f.rows, f.malformedRows, f.path]),
      ),
    );
    this.log(`Generated ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return { files };
  }
}
