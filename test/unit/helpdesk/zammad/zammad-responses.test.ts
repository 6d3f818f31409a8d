import { describe, expect, test } from 'vitest';
import {
  readArticleMessageIds,
  readMergeTarget,
  readSearchResult,
  readTicket,
  readUser,
  readUsers,
} from '../../../../src/helpdesk/zammad/zammad-responses.js';

describe('readTicket', () => {
  test.each([
    { data: { id: 19, number: '22019' }, expected: { id: '19', number: '22019', state: undefined } },
    {
      data: { id: 3, number: 71003, state: 'closed' },
      expected: { id: '3', number: '71003', state: 'closed' },
    },
    { data: { number: '1' }, expected: undefined },
    { data: { id: 1.5 }, expected: undefined },
    { data: 'OK', expected: undefined },
    { data: null, expected: undefined },
  ])('$data', ({ data, expected }) => {
    expect(readTicket(data)).toEqual(expected);
  });
});

describe('readSearchResult', () => {
  test('ids in order, numbers from the assets (shape of docs.zammad.org api/ticket "Search")', () => {
    const data = {
      tickets: [10, 9, 'x', 11],
      tickets_count: 3,
      assets: { Ticket: { 9: { id: 9, number: '22009' }, 10: { id: 10, number: '22010' } } },
    };
    expect(readSearchResult(data)).toEqual([
      { id: '10', number: '22010', state: undefined },
      { id: '9', number: '22009', state: undefined },
      { id: 'x', number: undefined, state: undefined },
      { id: '11', number: undefined, state: undefined },
    ]);
  });

  test.each([{}, { tickets: 'no' }, [], null, undefined])('nothing usable in %j', (data) => {
    expect(readSearchResult(data)).toEqual([]);
  });
});

test('readArticleMessageIds skips articles without one', () => {
  expect(readArticleMessageIds([{ message_id: '<a@x>' }, { message_id: null }, { id: 3 }, 'x'])).toEqual([
    '<a@x>',
  ]);
  expect(readArticleMessageIds({ message_id: '<a@x>' })).toEqual([]);
});

describe('readMergeTarget', () => {
  test.each([
    {
      name: 'the parent link names the surviving ticket',
      data: {
        links: [
          { link_type: 'normal', link_object: 'Ticket', link_object_value: 5 },
          { link_type: 'parent', link_object: 'Ticket', link_object_value: 7 },
        ],
      },
      expected: '7',
    },
    {
      name: 'a child link is the other direction',
      data: { links: [{ link_type: 'child', link_object: 'Ticket', link_object_value: 7 }] },
      expected: undefined,
    },
    { name: 'no links', data: { links: [] }, expected: undefined },
    { name: 'garbage', data: 'x', expected: undefined },
  ])('$name', ({ data, expected }) => {
    expect(readMergeTarget(data)).toBe(expected);
  });
});

describe('readUsers', () => {
  test('users with a numeric id, in order (shape of docs.zammad.org api/user "Search")', () => {
    const data = [
      { id: 123, firstname: 'Bob', lastname: 'Smith', email: 'bob@smith.example.com' },
      { id: '124', email: 'marta@braun.example.com' },
      { id: 125, email: null },
      'x',
    ];
    expect(readUsers(data)).toEqual([
      { id: 123, email: 'bob@smith.example.com' },
      { id: 125, email: '' },
    ]);
  });

  test.each([{ data: { users: [] } }, { data: 'OK' }, { data: null }])('$data is no users', ({ data }) => {
    expect(readUsers(data)).toEqual([]);
  });

  test.each([
    { data: { id: 7, email: 'ann@example.com' }, expected: { id: 7, email: 'ann@example.com' } },
    { data: { email: 'ann@example.com' }, expected: undefined },
    { data: 'OK', expected: undefined },
  ])('a created user: $data', ({ data, expected }) => {
    expect(readUser(data)).toEqual(expected);
  });
});
