import { en, en_US, Faker } from '@faker-js/faker';
import { fakerSeed } from './random.js';

/**
 * A private, seeded faker per stream: the shared `faker` export would couple feeds (and other
 * callers) through one sequence. Only non-date helpers are used, since faker's dates read the clock.
 */
export function createFaker(seed: number, label: string): Faker {
  const faker = new Faker({ locale: [en_US, en] });
  faker.seed(fakerSeed(seed, label));
  return faker;
}
