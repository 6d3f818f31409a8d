import type { PopdeskConfig } from '../config/index.js';

/**
 * The helpdesk destinations the routing rules name (the default route's, then each rule's), each
 * once, in config order: what `popdesk check` and the start-up warnings hold against the helpdesk.
 */
export function routedTargets(config: PopdeskConfig): string[] {
  const targets = [config.routing.default.target, ...config.routing.rules.map((rule) => rule.route.target)];
  return [...new Set(targets.filter((target): target is string => target !== undefined))];
}
