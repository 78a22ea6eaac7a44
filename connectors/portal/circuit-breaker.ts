// The portal's circuit breaker: once the portal answers 401/403/429 or an HTML/firewall page, no
// further request is sent until an operator resets it. The state lives in a store (the kernel's
// port) so it survives restarts and is shared by every worker process (src/store implements it in
// Postgres); the in-memory store here serves tests and one-off runs.
import type { CircuitBreakerState, CircuitBreakerStore } from '../../src/core/circuit-breaker.js';

/** The breaker key both portal connectors use by default: they talk to the same firewall. */
export const PORTAL_BREAKER_SOURCE = 'portal';

const CLOSED: CircuitBreakerState = { open: false, reason: null, openedAt: null };

/**
 * A breaker store held in memory (one process only).
 * @example const store = new InMemoryCircuitBreakerStore(); await store.open('portal', 'HTTP 429'); (await store.get('portal')).open // true
 */
export class InMemoryCircuitBreakerStore implements CircuitBreakerStore {
  readonly #states = new Map<string, CircuitBreakerState>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async get(source: string): Promise<CircuitBreakerState> {
    return this.#states.get(source) ?? CLOSED;
  }

  async open(source: string, reason: string): Promise<void> {
    if (this.#states.get(source)?.open) return;
    this.#states.set(source, { open: true, reason, openedAt: this.now() });
  }

  async reset(source: string): Promise<void> {
    this.#states.delete(source);
  }
}
