/**
 * The integer after `--name` on the command line, or `fallback` when it is absent.
 * @throws RangeError when the value is not an integer of at least `least`.
 */
export function integerOption(argv: readonly string[], name: string, fallback: number, least = 1): number {
  const index = argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < least)
    throw new RangeError(`--${name} takes an integer >= ${least}`);
  return value;
}
