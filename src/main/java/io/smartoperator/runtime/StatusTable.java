package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Dev mode's view of what the operator did: SmartApps and Gateways with their conditions, read
 * from {@code status.conditions}. Objects without a status yet show "-" and "waiting for the
 * operator". Ages are left out, so that the text changes only when something happened.
 */
final class StatusTable {
  static final String API_VERSION = "smart-operator.io/v1alpha1";
  static final List<String> APP_HEADER = List.of(
      "NAMESPACE", "NAME", "KIND", "CLIENT-TYPE", "READY", "ACCEPTED", "CREDENTIALS", "ACTIVATED", "HEALTHY", "MESSAGE");
  static final List<String> GATEWAY_HEADER = List.of(
      "NAMESPACE", "NAME", "KIND", "FHIR-URL", "READY", "ACCEPTED", "DISCOVERED", "HEALTHY", "APPS", "MESSAGE");
  static final int MESSAGE_WIDTH = 80;
  private static final String MISSING = "-";
  private static final String WAITING = "waiting for the operator";

  private StatusTable() {}

  /** The table of everything the client sees, in all namespaces. */
  static String snapshot(KubernetesClient client) {
    List<GenericKubernetesResource> apps =
        client.genericKubernetesResources(API_VERSION, "SmartApp").inAnyNamespace().list().getItems();
    List<GenericKubernetesResource> gateways =
        client.genericKubernetesResources(API_VERSION, "Gateway").inAnyNamespace().list().getItems();
    return render(apps, gateways);
  }

  static String render(List<GenericKubernetesResource> apps, List<GenericKubernetesResource> gateways) {
    List<List<String>> appRows = new ArrayList<>();
    appRows.add(APP_HEADER);
    sorted(apps).forEach(app -> appRows.add(List.of(
        namespace(app), app.getMetadata().getName(), "SmartApp",
        text(app, "spec", "clientType"),
        condition(app, "Ready"), condition(app, "Accepted"), condition(app, "CredentialsReady"),
        condition(app, "Activated"), condition(app, "Healthy"),
        message(app, List.of("Accepted", "CredentialsReady", "Activated", "Ready", "Healthy")))));
    List<List<String>> gatewayRows = new ArrayList<>();
    gatewayRows.add(GATEWAY_HEADER);
    sorted(gateways).forEach(gateway -> gatewayRows.add(List.of(
        namespace(gateway), gateway.getMetadata().getName(), "Gateway",
        text(gateway, "spec", "fhirBaseUrl"),
        condition(gateway, "Ready"), condition(gateway, "Accepted"), condition(gateway, "Discovered"),
        condition(gateway, "Healthy"), text(gateway, "status", "attachedApps"),
        message(gateway, List.of("Accepted", "Discovered", "Ready", "Healthy")))));
    StringBuilder out = new StringBuilder();
    out.append(apps.isEmpty() ? "No SmartApps.\n" : columns(appRows));
    out.append('\n');
    out.append(gateways.isEmpty() ? "No Gateways.\n" : columns(gatewayRows));
    return out.toString();
  }

  private static List<GenericKubernetesResource> sorted(List<GenericKubernetesResource> objects) {
    return objects.stream()
        .sorted(Comparator.comparing(StatusTable::namespace).thenComparing(o -> o.getMetadata().getName()))
        .toList();
  }

  private static String namespace(GenericKubernetesResource object) {
    return Objects.requireNonNullElse(object.getMetadata().getNamespace(), "");
  }

  private static String text(GenericKubernetesResource object, String... path) {
    Object value = object.get((Object[]) path);
    return value == null || value.toString().isEmpty() ? MISSING : value.toString();
  }

  private static List<Map<String, Object>> conditions(GenericKubernetesResource object) {
    Object conditions = object.get("status", "conditions");
    if (!(conditions instanceof List<?> list)) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object element : list) {
      if (element instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> condition = (Map<String, Object>) map;
        out.add(condition);
      }
    }
    return out;
  }

  private static Optional<Map<String, Object>> find(GenericKubernetesResource object, String type) {
    return conditions(object).stream().filter(c -> type.equals(c.get("type"))).findFirst();
  }

  private static String condition(GenericKubernetesResource object, String type) {
    return find(object, type)
        .map(c -> Objects.toString(c.get("status"), MISSING))
        .orElse(MISSING);
  }

  /**
   * What a user should read first: a Stalled condition's message, else the message of the first
   * condition in {@code order} that is not True, else nothing.
   */
  static String message(GenericKubernetesResource object, List<String> order) {
    if (conditions(object).isEmpty()) {
      return WAITING;
    }
    Optional<String> stalled = find(object, "Stalled")
        .filter(c -> "True".equals(c.get("status")))
        .map(StatusTable::reasonAndMessage);
    String message = stalled.orElseGet(() -> order.stream()
        .map(type -> find(object, type))
        .flatMap(Optional::stream)
        .filter(c -> !"True".equals(c.get("status")))
        .map(StatusTable::reasonAndMessage)
        .findFirst()
        .orElse(""));
    String oneLine = message.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MESSAGE_WIDTH ? oneLine : oneLine.substring(0, MESSAGE_WIDTH - 3) + "...";
  }

  private static String reasonAndMessage(Map<String, Object> condition) {
    String reason = Objects.toString(condition.get("reason"), "");
    String message = Objects.toString(condition.get("message"), "");
    if (reason.isEmpty() || message.isEmpty()) {
      return reason + message;
    }
    return reason + ": " + message;
  }

  /** Left-aligned columns, three spaces apart, like kubectl get. */
  static String columns(List<List<String>> rows) {
    int width = rows.get(0).size();
    int[] widths = new int[width];
    for (List<String> row : rows) {
      for (int i = 0; i < width; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width; i++) {
        line.append(row.get(i));
        if (i < width - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
