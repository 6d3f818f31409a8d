import { expect, test } from 'vitest';
import { RedisKeys } from '../../../src/queue/redis-keys.js';

/** Every key-making method of RedisKeys, by name. */
function keyMethods(): string[] {
  return Object.getOwnPropertyNames(RedisKeys.prototype).filter((name) => name !== 'constructor');
}

test('every key starts with the hash-tag prefix, so a Redis Cluster keeps them all in one slot', () => {
  const keys = new RedisKeys('{desk}');
  const methods = keyMethods();
  expect(methods.length).toBeGreaterThan(15);
  for (const name of methods) {
    const make = (keys as unknown as Record<string, (...args: string[]) => string>)[name];
    // Keys whose arguments are hashed or contain `{` must still carry the tag first.
    const key = make?.call(keys, 'address', 'a{b}c', 'x');
    expect(key, name).toMatch(/^\{desk\}:/);
  }
});
