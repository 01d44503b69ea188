package io.smartoperator.gateway.discovery;

import io.smartoperator.status.Conditions;

/**
 * Why a Gateway's Discovered condition has the status it has. {@link #Unreachable} is an addition
 * to the contract's list (Discovered, NotFound, Invalid, NotRequired): connection failures,
 * timeouts, TLS failures and 5xx answers are a different thing to fix than a bad document.
 */
public enum DiscoveryReason {
  /** The SMART configuration is valid and /metadata is a CapabilityStatement. */
  Discovered,
  /** The SMART configuration answered 404 or 410. */
  NotFound,
  /** An answer came but is unusable: not JSON, fields missing, a refused redirect, a 4xx, a bad /metadata. */
  Invalid,
  /** No usable answer came: refused, DNS, timeout, TLS, or HTTP 5xx (also 408 and 429). */
  Unreachable;

  /**
   * The condition status that goes with this reason. Unreachable is False, not Unknown: discovery
   * was attempted and did not succeed, so "is it discovered?" has a definite answer (no); Unknown
   * stays for "not attempted yet". Flux's kstatus and Argo CD read both the same way (not ready),
   * and False with a reason tells a user what happened.
   */
  public String conditionStatus() {
    return this == Discovered ? Conditions.TRUE : Conditions.FALSE;
  }
}
