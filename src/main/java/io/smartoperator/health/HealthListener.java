package io.smartoperator.health;

/**
 * Told about health transitions, and only about transitions: a steady target makes no calls.
 *
 * <p>Called on a prober thread, one call at a time per target and in order. Keep it short (hand
 * the work to a reconciler); an exception is logged and ignored.
 */
@FunctionalInterface
public interface HealthListener {
  /**
   * @param target the target whose health changed
   * @param state its new state, the same that {@link HealthProber#current} returns from now on
   */
  void onTransition(Target target, HealthState state);
}
