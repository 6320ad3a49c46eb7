import type { GeneratedFile } from '@dq/plugin-api';
import { formatTimestamp, SECONDS_PER_DAY } from './calendar.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { writeFeeds } from './feed-writer.js';
import { IdFormat } from './ids.js';
import { formatCents } from './money.js';
import { Random, Weighted } from './random.js';

const ITEMS_PER_TRANSACTION = new Weighted([
  [1, 50],
  [2, 30],
  [3, 12],
  [4, 5],
  [5, 3],
] as const);
const QUANTITY = new Weighted([
  [1, 60],
  [2, 25],
  [3, 10],
  [4, 3],
  [5, 2],
] as const);
const PAYMENT_METHODS = ['Credit Card', 'Debit Card', 'PayPal', 'Cash'] as const;
const PAYMENT_STATUS = new Weighted([
  ['Completed', 95],
  ['Pending', 3],
  ['Failed', 2],
] as const);
const DISCOUNTED_SHARE = 0.3;
const MAX_DISCOUNT = 0.2;
const TAX_RATE = 0.08;
const MAX_SHIPPING_CENTS = 1500;

export interface TransactionInputs {
  transactionIds: IdFormat;
  customerIds: IdFormat;
  productIds: IdFormat;
  count: number;
  registrationDay: Int32Array;
  retailCents: Int32Array;
}

/** One transaction's feed rows: the header and its items. */
export interface TransactionRows {
  header: string[];
  items: string[][];
}

/**
 * Makes transactions one at a time, numbering items across calls. Amounts are whole cents, so a
 * transaction's total_amount and discount_amount are exactly the sums of its items' line_total
 * and discount.
 */
export class TransactionMaker {
  private readonly itemIds: IdFormat;
  private readonly picked = new Int32Array(5);
  private itemNumber = 0;

  constructor(private readonly input: TransactionInputs) {
    // At most five lines a transaction: keys wide enough for all of them keep one width per file.
    this.itemIds = new IdFormat('TXI', 7, input.count * 5);
  }

  /** The t-th transaction (from 1), by a customer at a second, its details drawn from `rng`. */
  make(rng: Random, t: number, customer: number, second: number): TransactionRows {
    const { input, picked } = this;
    const productCount = input.retailCents.length;
    const transactionId = input.transactionIds.format(t);
    const timestamp = formatTimestamp(second);
    const lines = Math.min(ITEMS_PER_TRANSACTION.draw(rng), productCount);
    const items: string[][] = [];
    let totalCents = 0;
    let discountCents = 0;
    for (let l = 0; l < lines; l++) {
      const product = distinctProduct(rng, productCount, picked, l);
      const quantity = QUANTITY.draw(rng);
      const priceCents = input.retailCents[product] as number;
      const lineCents = quantity * priceCents;
      const lineDiscount = rng.chance(DISCOUNTED_SHARE)
        ? Math.round(lineCents * rng.next() * MAX_DISCOUNT)
        : 0;
      totalCents += lineCents;
      discountCents += lineDiscount;
      items.push([
        this.itemIds.format(++this.itemNumber),
        transactionId,
        input.productIds.format(product + 1),
        String(quantity),
        formatCents(priceCents),
        formatCents(lineCents),
        formatCents(lineDiscount),
      ]);
    }
    const header = [
      transactionId,
      input.customerIds.format(customer + 1),
      timestamp,
      `ORD-${timestamp.slice(0, 4)}-${String(t).padStart(5, '0')}`,
      rng.pick(PAYMENT_METHODS),
      PAYMENT_STATUS.draw(rng),
      formatCents(totalCents),
      formatCents(discountCents),
      // On the gross total, as the seed computes it.
      formatCents(Math.round(totalCents * TAX_RATE)),
      formatCents(rng.between(0, MAX_SHIPPING_CENTS)),
      'USD',
    ];
    return { header, items };
  }
}

/** Writes transactions and their items in one pass, each dated between its customer's registration and the feed date. */
export async function generateTransactions(
  ctx: FeedContext,
  input: TransactionInputs,
): Promise<GeneratedFile[]> {
  const rng = new Random(ctx.seed, 'transactions');
  const maker = new TransactionMaker(input);
  const customerCount = input.registrationDay.length;
  const lastSecond = (ctx.feedDay + 1) * SECONDS_PER_DAY - 1;
  const transactions = openFeed(ctx, 'transactions');
  const items = openFeed(ctx, 'items');

  return writeFeeds([transactions, items], async () => {
    for (let t = 1; t <= input.count; t++) {
      const customer = rng.below(customerCount);
      const firstSecond = (input.registrationDay[customer] as number) * SECONDS_PER_DAY;
      const made = maker.make(rng, t, customer, rng.between(firstSecond, lastSecond));
      for (const item of made.items) items.write(item);
      transactions.write(made.header);
      if (transactions.needsDrain) await transactions.drain();
      if (items.needsDrain) await items.drain();
    }
  });
}

/** A product not yet in this transaction; with at most five lines, retrying beats shuffling. */
function distinctProduct(rng: Random, productCount: number, picked: Int32Array, taken: number): number {
  for (;;) {
    const product = rng.below(productCount);
    if (!picked.subarray(0, taken).includes(product)) {
      picked[taken] = product;
      return product;
    }
  }
}
