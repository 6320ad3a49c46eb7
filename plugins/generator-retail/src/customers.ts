import type { GeneratedFile } from '@dq/plugin-api';
import type { Faker } from '@faker-js/faker';
import { civil, compactDate, dayOf, formatDate } from './calendar.js';
import { oneLine } from './csv.js';
import { CustomerChanges } from './customer-changes.js';
import { createFaker } from './faker.js';
import { type FeedContext, openFeed } from './feed-context.js';
import { FeedWriter, writeFeeds } from './feed-writer.js';
import { feeds } from './feeds.js';
import type { IdFormat } from './ids.js';
import { Random } from './random.js';

const GENDERS = ['Male', 'Female', 'Other', ''] as const;
const SEGMENTS = ['Premium', 'Standard', 'Basic', 'VIP'] as const;
const STATUSES = ['Active', 'Inactive'] as const;
const FIRST_REGISTRATION = dayOf(2020, 1, 1);
/** Customers registered at least this long before the feed date, so every one can have bought. */
const REGISTRATION_LEAD_DAYS = 30;

export interface CustomersResult {
  files: GeneratedFile[];
  /** Registration day of each customer, by index: transactions must not predate it. */
  registrationDay: Int32Array;
}

/**
 * Writes the customers feed and, with `changes`, the next day's snapshot in the same pass, so the
 * snapshot repeats each row (dirty values included) instead of regenerating it.
 */
export async function generateCustomers(
  ctx: FeedContext,
  ids: IdFormat,
  count: number,
  changes: number | undefined,
): Promise<CustomersResult> {
  const rows = new CustomerRows(ctx, ids);
  const registrationDay = new Int32Array(count);
  const base = openFeed(ctx, 'customers');
  const later = changes === undefined ? undefined : laterSnapshot(ctx);
  const changer = changes === undefined ? undefined : new CustomerChanges(ctx.seed, changes);
  const writers = later ? [base, later] : [base];
  const files = await writeFeeds(writers, async () => {
    for (let i = 0; i < count; i++) {
      const row = rows.next(i);
      registrationDay[i] = rows.lastRegistrationDay;
      base.write(row);
      if (later && changer) later.write(changer.apply(row));
      if (base.needsDrain) await base.drain();
      if (later?.needsDrain) await later.drain();
    }
  });
  return { files, registrationDay };
}

/** No progress of its own: it advances row for row with the base file, whose progress is reported. */
function laterSnapshot(ctx: FeedContext): FeedWriter {
  return new FeedWriter(feeds.customers, ctx.outDir, compactDate(ctx.feedDay + 1));
}

/** The seed's customer distributions, one row at a time. */
export class CustomerRows {
  lastRegistrationDay = 0;
  private readonly rng: Random;
  private readonly faker: Faker;
  private readonly birthFrom: number;
  private readonly birthTo: number;
  private readonly registrationFrom: number;
  private readonly registrationTo: number;

  /** `firstDay`: the first feed date the rows appear on (a window's first day); default the feed date. */
  constructor(
    ctx: FeedContext,
    private readonly ids: IdFormat,
    firstDay = ctx.feedDay,
  ) {
    this.rng = new Random(ctx.seed, 'customers');
    this.faker = createFaker(ctx.seed, 'customers');
    // Aged 18 to 80 on every feed date from firstDay to the feed date: born after the 81st
    // birthday's eve of the last, on or before the 18th birthday of the first.
    const last = civil(ctx.feedDay);
    const first = civil(firstDay);
    this.birthFrom = dayOf(last.year - 81, last.month, last.day) + 1;
    this.birthTo = dayOf(first.year - 18, first.month, first.day);
    this.registrationTo = ctx.feedDay - REGISTRATION_LEAD_DAYS;
    this.registrationFrom = Math.min(FIRST_REGISTRATION, this.registrationTo);
  }

  next(index: number): string[] {
    const { rng, faker } = this;
    const firstName = oneLine(faker.person.firstName());
    const lastName = oneLine(faker.person.lastName());
    const email = rng.chance(0.05) ? '' : oneLine(faker.internet.email({ firstName, lastName }));
    const registration = rng.between(this.registrationFrom, this.registrationTo);
    this.lastRegistrationDay = registration;
    return [
      this.ids.format(index + 1),
      firstName,
      lastName,
      email,
      this.phone(),
      formatDate(rng.between(this.birthFrom, this.birthTo)),
      rng.pick(GENDERS),
      oneLine(faker.location.streetAddress()),
      oneLine(faker.location.city()),
      faker.location.state({ abbreviated: true }),
      faker.location.zipCode(),
      'USA',
      formatDate(registration),
      rng.pick(SEGMENTS),
      rng.pick(STATUSES),
    ];
  }

  /** Mixed formats on purpose: a validity rule should find the ones that are not ###-###-####. */
  private phone(): string {
    const { rng } = this;
    if (rng.chance(0.02)) return '';
    if (rng.chance(0.5)) return oneLine(this.faker.phone.number());
    const digits = (n: number) => String(rng.below(10 ** n)).padStart(n, '0');
    return `${digits(3)}-${digits(3)}-${digits(4)}`;
  }
}
