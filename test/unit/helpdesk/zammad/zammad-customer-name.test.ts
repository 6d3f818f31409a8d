import { describe, expect, test } from 'vitest';
import { zammadCustomerName } from '../../../../src/helpdesk/zammad/zammad-customer-name.js';

// Rows follow Zammad's own `User.name_guess` (app/models/user.rb) and its spec.
describe('zammadCustomerName', () => {
  test.each([
    { name: 'Sarah Mitchell', firstname: 'Sarah', lastname: 'Mitchell' },
    { name: 'Jean Paul Sartre', firstname: 'Jean', lastname: 'Paul Sartre' },
    { name: 'Mitchell, Sarah', firstname: 'Sarah', lastname: 'Mitchell' },
    { name: 'Dr. Renée Dupont', firstname: 'Dr. Renée', lastname: 'Dupont' },
    { name: 'prof. Ada Lovelace', firstname: 'prof. Ada', lastname: 'Lovelace' },
    { name: 'Cher', firstname: 'Cher', lastname: '' },
    { name: '  Ann\r\n  Lee ', firstname: 'Ann', lastname: 'Lee' },
    { name: '', firstname: '', lastname: '' },
  ])('"$name" is "$firstname" "$lastname"', ({ name, firstname, lastname }) => {
    expect(zammadCustomerName(name)).toEqual({ firstname, lastname });
  });
});
