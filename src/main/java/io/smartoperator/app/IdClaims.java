package io.smartoperator.app;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.validation.SmartAppRules;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds each appId (per namespace) and clientId (platform-wide). The claims are informer
 * indexes on the SmartApp cache, so a reconcile asks the cache, never the API server.
 *
 * <p>The holder is the claimant with the oldest creationTimestamp, then the alphabetically first
 * namespace/name (the Gateway API conflict rule). An app being deleted no longer holds anything:
 * the next claimant takes over at once. When an app's ids change, or it goes away, the other
 * claimants of its old and new ids are woken so that they re-evaluate without anyone touching them.
 */
public final class IdClaims {
  static final String APP_ID_INDEX = "smart-operator.io/appId";
  static final String CLIENT_ID_INDEX = "smart-operator.io/clientId";

  /** Compares claimants; the first one holds. */
  static final Comparator<SmartApp> SENIORITY =
      Comparator.comparing((SmartApp a) -> creation(a))
          .thenComparing(a -> a.getMetadata().getNamespace())
          .thenComparing(a -> a.getMetadata().getName());

  private final String platformId;
  private final SimpleInboundEventSource<SmartApp> wakeUps = new SimpleInboundEventSource<>("id-claims");
  /** The claim keys each app was last seen with, to know whose claimants to wake when they change. */
  private final Map<ResourceID, Set<String>> lastSeen = new ConcurrentHashMap<>();
  private IndexedResourceCache<SmartApp> cache;

  public IdClaims(String platformId) {
    this.platformId = platformId;
  }

  /** Installs the indexes on the controller's cache; call from prepareEventSources. */
  void index(IndexerResourceCache<SmartApp> primaryCache) {
    primaryCache.addIndexers(Map.of(
        APP_ID_INDEX, app -> List.of(appIdKey(app)),
        CLIENT_ID_INDEX, app -> List.of(ClientIds.effective(app, platformId))));
    this.cache = primaryCache;
  }

  String platformId() {
    return platformId;
  }

  SimpleInboundEventSource<SmartApp> eventSource() {
    return wakeUps;
  }

  public static String effectiveAppId(SmartApp app) {
    return SmartAppRules.effectiveAppId(app);
  }

  static String appIdKey(SmartApp app) {
    return app.getMetadata().getNamespace() + "/" + effectiveAppId(app);
  }

  /** The holder of app's appId, when it is another app. */
  Optional<SmartApp> appIdHolder(SmartApp app) {
    return otherHolder(app, APP_ID_INDEX, appIdKey(app));
  }

  /** The holder of app's clientId, when it is another app. */
  Optional<SmartApp> clientIdHolder(SmartApp app) {
    return otherHolder(app, CLIENT_ID_INDEX, ClientIds.effective(app, platformId));
  }

  private Optional<SmartApp> otherHolder(SmartApp app, String index, String key) {
    List<SmartApp> claimants = cache.byIndex(index, key);
    return holder(claimants, app).filter(h -> !sameApp(h, app));
  }

  /** The holder among claimants; {@code self} counts even if the cache has not seen it yet. */
  static Optional<SmartApp> holder(List<SmartApp> claimants, SmartApp self) {
    return java.util.stream.Stream.concat(claimants.stream(), java.util.stream.Stream.of(self))
        .filter(a -> a.getMetadata().getDeletionTimestamp() == null || sameApp(a, self))
        .min(SENIORITY);
  }

  /** Records app's current ids; wakes the claimants of the ids it held before and holds now. */
  void observe(SmartApp app) {
    ResourceID id = ResourceID.fromResource(app);
    Set<String> now = keys(app);
    Set<String> before = lastSeen.put(id, now);
    if (now.equals(before)) {
      return;
    }
    Set<String> affected = new HashSet<>(now);
    if (before != null) {
      affected.addAll(before);
    }
    wake(affected, id);
  }

  /** The app is going away: its claimants take over. */
  void release(SmartApp app) {
    ResourceID id = ResourceID.fromResource(app);
    Set<String> before = lastSeen.remove(id);
    Set<String> affected = new HashSet<>(keys(app));
    if (before != null) {
      affected.addAll(before);
    }
    wake(affected, id);
  }

  private Set<String> keys(SmartApp app) {
    return Set.of("a:" + appIdKey(app), "c:" + ClientIds.effective(app, platformId));
  }

  private void wake(Set<String> keys, ResourceID self) {
    Set<ResourceID> targets = new HashSet<>();
    for (String key : keys) {
      String index = key.startsWith("a:") ? APP_ID_INDEX : CLIENT_ID_INDEX;
      for (SmartApp other : cache.byIndex(index, key.substring(2))) {
        targets.add(ResourceID.fromResource(other));
      }
    }
    targets.remove(self);
    targets.forEach(wakeUps::propagateEvent);
  }

  private static boolean sameApp(SmartApp a, SmartApp b) {
    return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && a.getMetadata().getName().equals(b.getMetadata().getName());
  }

  private static Instant creation(SmartApp app) {
    String ts = app.getMetadata().getCreationTimestamp();
    // Not yet persisted (never in practice for an informer's object): youngest of all.
    return ts == null ? Instant.MAX : Instant.parse(ts);
  }
}
