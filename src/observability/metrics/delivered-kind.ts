import type { DeliveredKind } from './pipeline-metrics.js';

/**
 * The `kind` label of a delivered mail from the worker's outcome: `found` is a ticket created
 * by an earlier run that died before recording it, so it counts as new.
 */
export function deliveredKind(outcome: 'created' | 'found' | 'replied' | 'noted'): DeliveredKind {
  switch (outcome) {
    case 'created':
    case 'found':
      return 'new';
    case 'replied':
      return 'reply';
    case 'noted':
      return 'note';
  }
}
