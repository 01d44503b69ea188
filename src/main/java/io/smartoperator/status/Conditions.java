package io.smartoperator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * metav1.Condition bookkeeping shared by both controllers: a condition's lastTransitionTime moves
 * only when its status changes, so that writing the same observation twice writes nothing new.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";
  static final int MAX_MESSAGE = 32768;

  private Conditions() {}

  /** A condition as observed now, before it is merged with the previous one. */
  public record Observed(String type, String status, String reason, String message) {
    public static Observed of(String type, String status, String reason, String message) {
      return new Observed(type, status, reason, message);
    }
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * Merges what was observed into the previous conditions, in the order observed. A type absent
   * from {@code observed} is dropped.
   */
  public static List<Condition> merge(
      List<Condition> previous, List<Observed> observed, Long generation, Instant now) {
    List<Condition> out = new ArrayList<>(observed.size());
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Observed o : observed) {
      Optional<Condition> before = find(previous, o.type());
      String lastTransition = before
          .filter(b -> Objects.equals(b.getStatus(), o.status()) && b.getLastTransitionTime() != null)
          .map(Condition::getLastTransitionTime)
          .orElse(nowText);
      out.add(new ConditionBuilder()
          .withType(o.type())
          .withStatus(o.status())
          .withObservedGeneration(generation)
          .withLastTransitionTime(lastTransition)
          .withReason(o.reason())
          .withMessage(message(o.message()))
          .build());
    }
    return out;
  }

  /** metav1.Condition caps a message at 32768 characters. */
  static String message(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
  }

  /** A transition worth an Event: the status or the reason changed, or the condition is new and known. */
  public static boolean transitioned(List<Condition> previous, Condition now) {
    Optional<Condition> before = find(previous, now.getType());
    if (before.isEmpty()) {
      return !UNKNOWN.equals(now.getStatus());
    }
    return !Objects.equals(before.get().getStatus(), now.getStatus())
        || !Objects.equals(before.get().getReason(), now.getReason());
  }
}
