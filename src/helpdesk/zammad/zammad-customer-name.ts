/** A customer's name as Zammad keeps it: two fields. */
export interface ZammadCustomerName {
  readonly firstname: string;
  readonly lastname: string;
}

/**
 * Splits a mail's display name the way Zammad does for the users its own mail channel creates
 * (`User.name_guess` in app/models/user.rb): `Last, First` is read backwards; otherwise the first
 * word is the first name (with a leading `Dr.` or `Prof.` kept on it) and the rest the last name;
 * a single word is the first name. Control characters become spaces. Pure.
 */
export function zammadCustomerName(displayName: string): ZammadCustomerName {
  const name = displayName
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a line break in a name field is never wanted
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const comma = name.indexOf(', ');
  if (comma >= 0) {
    const lastname = name.slice(0, comma).trim();
    const firstname = name.slice(comma + 2).trim();
    if (firstname !== '' || lastname !== '') return { firstname, lastname };
  }
  const words = /^((?:(?:Dr\.|Prof\.) )?.+?) (.+)$/i.exec(name);
  if (words?.[1] !== undefined && words[2] !== undefined) {
    return { firstname: words[1].trim(), lastname: words[2].trim() };
  }
  return { firstname: name, lastname: '' };
}
