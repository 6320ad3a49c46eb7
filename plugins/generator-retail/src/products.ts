import type { GeneratedFile } from '@dq/plugin-api';
import { oneLine } from './csv.js';
import { createFaker } from './faker.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { writeFeeds } from './feed-writer.js';
import type { IdFormat } from './ids.js';
import { formatCents } from './money.js';
import { Random, Weighted } from './random.js';

const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Electronics: ['Laptop', 'Phone', 'Tablet', 'Headphones', 'Camera'],
  Clothing: ['Shirt', 'Pants', 'Dress', 'Jacket', 'Shoes'],
  Home: ['Furniture', 'Kitchenware', 'Bedding', 'Decor', 'Lighting'],
  Sports: ['Equipment', 'Apparel', 'Footwear', 'Accessories'],
  Books: ['Fiction', 'Non-Fiction', 'Educational', 'Children'],
};
const CATEGORY_NAMES = Object.keys(CATEGORIES);

/** Cost range and markup by category: electronics cost more but carry thinner margins. */
const PRICING: Readonly<Record<string, { cost: [number, number]; markup: [number, number] }>> = {
  Electronics: { cost: [100, 1000], markup: [1.2, 1.5] },
  Clothing: { cost: [10, 100], markup: [1.5, 2.5] },
};
const DEFAULT_PRICING = { cost: [5, 200], markup: [1.3, 2.0] } as const;

const STATUS = new Weighted([
  ['Active', 90],
  ['Inactive', 10],
] as const);

export interface ProductCatalog {
  /** The feed rows, in key order: the same catalogue goes into every day's file. */
  rows: string[][];
  /** Retail price of each product in cents, by index: items charge it. */
  retailCents: Int32Array;
}

export interface ProductsResult {
  files: GeneratedFile[];
  retailCents: Int32Array;
}

/** The catalogue in memory: a few hundred rows per unit of scale. */
export function productCatalog(seed: number, ids: IdFormat, count: number): ProductCatalog {
  const rng = new Random(seed, 'products');
  const faker = createFaker(seed, 'products');
  const retailCents = new Int32Array(count);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const category = rng.pick(CATEGORY_NAMES);
    const subcategory = rng.pick(CATEGORIES[category] ?? []);
    const pricing = PRICING[category] ?? DEFAULT_PRICING;
    const cost = uniform(rng, pricing.cost);
    const retail = cost * uniform(rng, pricing.markup);
    const costCents = Math.round(cost * 100);
    retailCents[i] = Math.round(retail * 100);
    const word = oneLine(faker.word.noun());
    rows.push([
      ids.format(i + 1),
      `${word.charAt(0).toUpperCase()}${word.slice(1)} ${subcategory}`,
      category,
      subcategory,
      oneLine(faker.company.name()),
      formatCents(costCents),
      formatCents(retailCents[i] as number),
      STATUS.draw(rng),
    ]);
  }
  return { rows, retailCents };
}

export async function generateProducts(
  ctx: FeedContext,
  ids: IdFormat,
  count: number,
): Promise<ProductsResult> {
  const catalog = productCatalog(ctx.seed, ids, count);
  const out = openFeed(ctx, 'products');
  const files = await writeFeeds([out], async () => {
    for (const row of catalog.rows) {
      out.write([...row]);
      if (out.needsDrain) await out.drain();
    }
  });
  return { files, retailCents: catalog.retailCents };
}

function uniform(rng: Random, [min, max]: readonly [number, number]): number {
  return min + rng.next() * (max - min);
}
