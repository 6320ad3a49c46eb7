import type { Faker } from '@faker-js/faker';
import { oneLine } from './csv.js';
import { createFaker } from './faker.js';
import { columnIndex, feeds } from './feeds.js';
import { Random } from './random.js';

const customers = feeds.customers;
const EMAIL = columnIndex(customers, 'email');
const FIRST_NAME = columnIndex(customers, 'first_name');
const LAST_NAME = columnIndex(customers, 'last_name');
const ADDRESS = columnIndex(customers, 'address');
const CITY = columnIndex(customers, 'city');
const STATE = columnIndex(customers, 'state');
const POSTAL_CODE = columnIndex(customers, 'postal_code');

/**
 * The later snapshot's version of each customer: `percent`% moved (new address, city, state and
 * postal code) and, among the others, about half as many changed only their e-mail. Everything
 * else stays byte-identical so SCD change detection sees exactly these changes.
 */
export class CustomerChanges {
  movedCount = 0;
  emailCount = 0;
  private readonly rng: Random;
  private readonly faker: Faker;
  private readonly moveShare: number;
  private readonly emailShare: number;

  constructor(seed: number, percent: number) {
    this.rng = new Random(seed, 'changes');
    this.faker = createFaker(seed, 'changes');
    this.moveShare = percent / 100;
    this.emailShare = percent / 200;
  }

  /** A changed copy of the row, or the row itself when this customer did not change. */
  apply(row: string[]): string[] {
    const u = this.rng.next();
    if (u < this.moveShare) return this.move(row);
    if (u < this.moveShare + this.emailShare) return this.newEmail(row);
    return row;
  }

  private move(row: readonly string[]): string[] {
    this.movedCount++;
    const next = [...row];
    do next[ADDRESS] = oneLine(this.faker.location.streetAddress());
    while (next[ADDRESS] === row[ADDRESS]);
    next[CITY] = oneLine(this.faker.location.city());
    next[STATE] = this.faker.location.state({ abbreviated: true });
    next[POSTAL_CODE] = this.faker.location.zipCode();
    return next;
  }

  private newEmail(row: readonly string[]): string[] {
    this.emailCount++;
    const next = [...row];
    const names = { firstName: row[FIRST_NAME], lastName: row[LAST_NAME] };
    do next[EMAIL] = this.faker.internet.email(names);
    while (next[EMAIL] === row[EMAIL]);
    return next;
  }
}
