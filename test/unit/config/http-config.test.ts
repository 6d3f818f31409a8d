import { expect, test } from 'vitest';
import { formatConfigIssue } from '../../../src/config/index.js';
import { configErrorOf, parse, yamlWith } from './config-fixtures.js';

test('the HTTP listener defaults to loopback port 9464', () => {
  expect(parse(yamlWith()).http).toEqual({ host: '127.0.0.1', port: 9464 });
});

test('port 0 (a free port) and any address are accepted', () => {
  expect(parse(yamlWith({ http: { host: '0.0.0.0', port: 0 } })).http).toEqual({ host: '0.0.0.0', port: 0 });
  expect(parse(yamlWith({ 'http.host': '::1' })).http.host).toBe('::1');
});

test('HTTP_PORT in the environment overrides the port', () => {
  expect(parse(yamlWith(), { env: { POPDESK_HTTP_PORT: '9100' } }).http.port).toBe(9100);
});

test.each([
  [{ 'http.port': 70000 }, 'http.port: must be between 0 and 65535 (got 70000)'],
  [{ 'http.port': '9464' }, 'http.port: must be a whole number (got "9464")'],
  [
    { 'http.host': 'http://0.0.0.0' },
    'http.host: must be an IP address or host name, e.g. 0.0.0.0 or :: (got "http://0.0.0.0")',
  ],
  [{ 'http.listen': true }, 'http.listen: unknown key; known keys here: host, port'],
])('%o is refused with one clear line', (changes, line) => {
  const error = configErrorOf(() => parse(yamlWith(changes)));
  expect(error.issues.map(formatConfigIssue)).toEqual([line]);
});
