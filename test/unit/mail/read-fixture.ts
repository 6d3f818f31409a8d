import { readFileSync } from 'node:fs';

/** The bytes of `test/fixtures/mail/<name>`. */
export function readFixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/mail/${name}`, import.meta.url));
}
