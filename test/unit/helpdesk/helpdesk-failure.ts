import { expect } from 'vitest';
import { HelpdeskError } from '../../../src/helpdesk/helpdesk-error.js';

/** Awaits a call that must fail with a {@link HelpdeskError}, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<HelpdeskError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HelpdeskError);
  return error as HelpdeskError;
}
