import type { HelpdeskSetupCheck } from '../helpdesk-setup-check.js';

/**
 * `popdesk check`'s verdict on the groups popdesk will file tickets in, from the helpdesk's list
 * of groups (`known`: each group's id and name). `wanted` are route targets and the default
 * group, matched by name for Zammad (`by: 'name'`) and by numeric id for Freshdesk and Zendesk.
 * Pure.
 */
export function groupSetupChecks(
  helpdesk: string,
  wanted: readonly string[],
  known: ReadonlyArray<{ readonly id: string; readonly name: string }>,
  by: 'id' | 'name',
): HelpdeskSetupCheck[] {
  return [...new Set(wanted)].map((target) => {
    const group = known.find((candidate) =>
      by === 'id' ? candidate.id === target : candidate.name.toLowerCase() === target.toLowerCase(),
    );
    if (group !== undefined)
      return { what: `group ${target}`, ok: true, detail: `exists (${group.name}, id ${group.id})` };
    return {
      what: `group ${target}`,
      ok: false,
      detail: `${helpdesk} has no group ${by === 'id' ? 'with id' : 'named'} ${target} that popdesk's user can see`,
      fix: `create it in ${helpdesk} or fix the routing target / default group in the config${by === 'id' ? ' (Freshdesk and Zendesk routes name groups by number)' : ''}`,
    };
  });
}

/** `[{id, name}]` from a JSON array of group records (Zammad, Freshdesk, Zendesk's `groups`). */
export function readGroups(list: unknown): Array<{ id: string; name: string }> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (entry === null || typeof entry !== 'object') return [];
    const { id, name } = entry as { id?: unknown; name?: unknown };
    return (typeof id === 'number' || typeof id === 'string') && typeof name === 'string'
      ? [{ id: String(id), name }]
      : [];
  });
}
