import type { PipeliningMode, PipeliningProbe } from '../pop3/index.js';

/**
 * What `pipelining` will do for this server, for `popdesk check`: from the configured mode and
 * what the login found (`Pop3Client.pipeliningProbe`). Never a failure: a server that refuses
 * the probe is simply polled lock-step. Pure.
 */
export function pipeliningVerdict(mode: PipeliningMode, found: PipeliningProbe): string {
  switch (found) {
    case 'advertised':
      return `the server advertises PIPELINING: popdesk pipelines (pipelining: ${mode})`;
    case 'accepted':
      return 'the probe passed (two NOOPs in one write, both answered in order): pipelining: probe is safe with this server';
    case 'refused':
      return 'the probe failed (the server dropped, delayed or refused pipelined commands): popdesk goes lock-step; keep pipelining: auto';
    case 'off':
      return mode === 'off'
        ? 'pipelining: off: lock-step, one command per round trip'
        : 'the server does not advertise PIPELINING: lock-step; pipelining: probe would test whether it is safe anyway';
  }
}
