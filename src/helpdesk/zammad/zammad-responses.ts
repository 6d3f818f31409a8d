/**
 * Readers for the parts of Zammad's JSON answers the adapter uses, shaped as docs.zammad.org
 * shows them (api/ticket, api/ticket/articles, api/ticket/links). Each takes `unknown` and
 * returns undefined or an empty list for anything unexpected. Pure.
 */

/** A ticket as far as the adapter cares. */
export interface ZammadTicketSummary {
  readonly id: string;
  readonly number: string | undefined;
  /** The state name; only present in `?expand=true` answers. */
  readonly state: string | undefined;
}

/** The ticket of a create or show answer. */
export function readTicket(data: unknown): ZammadTicketSummary | undefined {
  if (!isRecord(data)) return undefined;
  const id = idText(data.id);
  if (id === undefined) return undefined;
  return {
    id,
    number: idText(data.number),
    state: typeof data.state === 'string' ? data.state : undefined,
  };
}

/**
 * The tickets of a search answer, in result order: `{"tickets": [9, 10], "assets": {"Ticket":
 * {"9": {...}}}}`. A ticket missing from `assets` still counts, without a number.
 */
export function readSearchResult(data: unknown): ZammadTicketSummary[] {
  if (!isRecord(data) || !Array.isArray(data.tickets)) return [];
  const assets = isRecord(data.assets) && isRecord(data.assets.Ticket) ? data.assets.Ticket : {};
  const found: ZammadTicketSummary[] = [];
  for (const value of data.tickets) {
    const id = idText(value);
    if (id === undefined) continue;
    const asset = assets[id];
    found.push({
      id,
      number: isRecord(asset) ? idText(asset.number) : undefined,
      state: undefined,
    });
  }
  return found;
}

/** The `message_id` values of `GET /api/v1/ticket_articles/by_ticket/{id}`. */
export function readArticleMessageIds(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((article: unknown) =>
    isRecord(article) && typeof article.message_id === 'string' ? [article.message_id] : [],
  );
}

/**
 * The ticket a merged ticket went into. `Ticket#merge_to` links the two with a `parent` link whose
 * source is the surviving ticket; `Link.list` reports it from the merged ticket's side as
 * `{"link_type": "parent", "link_object": "Ticket", "link_object_value": <surviving id>}`.
 */
export function readMergeTarget(data: unknown): string | undefined {
  if (!isRecord(data) || !Array.isArray(data.links)) return undefined;
  for (const link of data.links) {
    if (isRecord(link) && link.link_type === 'parent' && link.link_object === 'Ticket') {
      const id = idText(link.link_object_value);
      if (id !== undefined) return id;
    }
  }
  return undefined;
}

/** A user as far as the adapter cares. */
export interface ZammadUserSummary {
  readonly id: number;
  readonly email: string;
}

/** The users of `GET /api/v1/users/search` (a list of users, docs.zammad.org api/user, "Search"). */
export function readUsers(data: unknown): ZammadUserSummary[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((user: unknown) => {
    const found = readUser(user);
    return found === undefined ? [] : [found];
  });
}

/** The user of a `POST /api/v1/users` answer. */
export function readUser(data: unknown): ZammadUserSummary | undefined {
  if (!isRecord(data) || typeof data.id !== 'number' || !Number.isSafeInteger(data.id)) return undefined;
  return { id: data.id, email: typeof data.email === 'string' ? data.email : '' };
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
