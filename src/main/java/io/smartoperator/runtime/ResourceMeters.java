package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayActivationStatus;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.app.SmartAppReconciler;
import io.smartoperator.gateway.GatewayReconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gauges of what the controllers' informer caches hold: apps by client type, conditions of apps
 * and gateways, activations. Counted from the caches at scrape time, so they cost no API call and
 * cannot drift from the statuses users read.
 */
public final class ResourceMeters {
  public static final String APPS = "smart.operator.apps";
  public static final String APP_CONDITIONS = "smart.operator.app.conditions";
  public static final String GATEWAYS = "smart.operator.gateways";
  public static final String GATEWAY_CONDITIONS = "smart.operator.gateway.conditions";
  public static final String ACTIVATIONS = "smart.operator.activations";
  public static final String LEADER = "smart.operator.leader";

  private final Operator operator;
  private final MultiGauge apps;
  private final MultiGauge appConditions;
  private final MultiGauge gateways;
  private final MultiGauge gatewayConditions;
  private final MultiGauge activations;

  private ResourceMeters(SmartOperator smartOperator, MeterRegistry registry) {
    this.operator = smartOperator.operator();
    apps = MultiGauge.builder(APPS).description("SmartApps by spec.clientType").register(registry);
    appConditions = MultiGauge.builder(APP_CONDITIONS)
        .description("SmartApps by condition type, status and reason").register(registry);
    gateways = MultiGauge.builder(GATEWAYS).description("Gateways").register(registry);
    gatewayConditions = MultiGauge.builder(GATEWAY_CONDITIONS)
        .description("Gateways by condition type, status and reason").register(registry);
    activations = MultiGauge.builder(ACTIVATIONS)
        .description("Activations of apps on gateways (status.gateways entries) by Activated status and reason")
        .register(registry);
    Gauge.builder(LEADER, smartOperator, o -> o.isLeader() ? 1 : 0)
        .description("1 while this replica reconciles (holds the Lease, or leader election is off)")
        .register(registry);
  }

  /** Registers the gauges; call {@link #refresh()} before each scrape. */
  public static ResourceMeters register(SmartOperator operator, MeterRegistry registry) {
    ResourceMeters meters = new ResourceMeters(operator, registry);
    meters.refresh();
    return meters;
  }

  /** Recounts from the caches; rows that no longer occur disappear. */
  public void refresh() {
    List<SmartApp> appList = cached(SmartAppReconciler.NAME);
    List<Gateway> gatewayList = cached(GatewayReconciler.NAME);

    apps.register(rows(count(appList.stream(), a -> Tags.of("client_type",
        a.getSpec() == null || a.getSpec().getClientType() == null ? "" : a.getSpec().getClientType()))), true);
    appConditions.register(rows(count(appList.stream()
        .flatMap(a -> conditions(a.getStatus() == null ? null : a.getStatus().getConditions())),
        ResourceMeters::conditionTags)), true);
    gateways.register(List.of(MultiGauge.Row.of(Tags.empty(), gatewayList.size())), true);
    gatewayConditions.register(rows(count(gatewayList.stream()
        .flatMap(g -> conditions(g.getStatus() == null ? null : g.getStatus().getConditions())),
        ResourceMeters::conditionTags)), true);
    activations.register(rows(count(appList.stream()
        .flatMap(a -> a.getStatus() == null || a.getStatus().getGateways() == null
            ? Stream.<GatewayActivationStatus>empty() : a.getStatus().getGateways().stream())
        .flatMap(g -> conditions(g.getConditions()).filter(c -> "Activated".equals(c.getType()))),
        c -> Tags.of("status", nonNull(c.getStatus()), "reason", nonNull(c.getReason())))), true);
  }

  private static Tags conditionTags(Condition c) {
    return Tags.of("type", nonNull(c.getType()), "status", nonNull(c.getStatus()), "reason", nonNull(c.getReason()));
  }

  private static Stream<Condition> conditions(List<Condition> conditions) {
    return conditions == null ? Stream.empty() : conditions.stream();
  }

  private static <T> Map<Tags, Long> count(Stream<T> items, Function<T, Tags> tags) {
    return items.collect(Collectors.groupingBy(tags, Collectors.counting()));
  }

  private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> counts) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
    return rows;
  }

  /**
   * The controller's primary cache. JOSDK has no public accessor for it outside a reconciler; the
   * registered controller is its {@link Controller}, whose cache the reconciler also reads.
   */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> List<R> cached(String controllerName) {
    return operator.getRegisteredController(controllerName)
        .filter(Controller.class::isInstance)
        .map(rc -> ((Controller<R>) rc).getEventSourceManager().getControllerEventSource().list().toList())
        .orElse(List.of());
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
