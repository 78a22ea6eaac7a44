// The circuit-breaker port: a source that got a "stop asking" answer (401/403/429, a firewall page)
// sends nothing more until an operator resets it. Connectors use it; stores implement it.

export interface CircuitBreakerState {
  readonly open: boolean;
  readonly reason: string | null;
  readonly openedAt: Date | null;
}

export interface CircuitBreakerStore {
  get(source: string): Promise<CircuitBreakerState>;
  /** Opens the breaker; opening an open breaker keeps the first reason and time. */
  open(source: string, reason: string): Promise<void>;
  reset(source: string): Promise<void>;
}
