package io.smartoperator.bench;

import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.app.ClientIds;
import io.smartoperator.testing.Apps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark's N SmartApps, the same for every run of a given N: 60% confidential, 30% public,
 * 10% backend-service by client type; across those types, 5% of all apps have an invalid spec and
 * another 5% copy the clientId of an older app in their namespace (and lose it to that app).
 * Apps live in namespaces of {@value #APPS_PER_NAMESPACE}, named {@code bench-000}, {@code bench-001}, ...
 */
final class AppMix {
  static final int APPS_PER_NAMESPACE = 100;
  static final String PLATFORM_ID = "bench-platform";
  private static final long SEED = 6;

  /** What an app is meant to end up as; see {@link FinalState}. */
  enum Outcome { CONFIDENTIAL, PUBLIC, BACKEND_SERVICE, INVALID_SPEC, DUPLICATE_CLIENT_ID }

  /**
   * One app: the object to create, what it should end up as, and the clientId it should report.
   * Duplicates are created after every other app ({@code createLast}).
   */
  record PlannedApp(SmartApp app, Outcome outcome, String clientType, String clientId, boolean createLast) {
    String key() {
      return app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
    }

    boolean hasGeneratedSecret() {
      return outcome == Outcome.CONFIDENTIAL || outcome == Outcome.BACKEND_SERVICE;
    }
  }

  private AppMix() {}

  static String namespace(int index) {
    return String.format("bench-%03d", index / APPS_PER_NAMESPACE);
  }

  static String name(int index) {
    return String.format("app-%05d", index);
  }

  static int namespaces(int n) {
    return (n + APPS_PER_NAMESPACE - 1) / APPS_PER_NAMESPACE;
  }

  static List<PlannedApp> of(int n) {
    Random random = new Random(SEED);
    List<String> types = new ArrayList<>(n);
    int confidential = Math.round(n * 0.6f);
    int pub = Math.round(n * 0.3f);
    for (int i = 0; i < n; i++) {
      types.add(i < confidential ? "confidential" : i < confidential + pub ? "public" : "backend-service");
    }
    Collections.shuffle(types, random);

    int invalid = Math.round(n * 0.05f);
    int duplicates = Math.round(n * 0.05f);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Set<Integer> invalidSet = new HashSet<>(order.subList(0, invalid));
    // A duplicate copies the clientId of an app earlier in its namespace: its name sorts after its
    // holder's and it is created later, so the claim rule makes it the loser whatever the clock says.
    Map<Integer, Integer> holderOf = new java.util.HashMap<>();
    Set<Integer> holders = new HashSet<>();
    for (int i : order.subList(invalid, n)) {
      if (holderOf.size() == duplicates) {
        break;
      }
      if (holders.contains(i)) {
        continue;
      }
      for (int j = i - 1; j >= 0 && namespace(j).equals(namespace(i)); j--) {
        if (!invalidSet.contains(j) && !holderOf.containsKey(j) && !holders.contains(j)) {
          holderOf.put(i, j);
          holders.add(j);
          break;
        }
      }
    }

    List<PlannedApp> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String type = types.get(i);
      String ns = namespace(i);
      String name = name(i);
      SmartApp app = switch (type) {
        case "confidential" -> Apps.confidential(ns, name);
        case "public" -> Apps.publicApp(ns, name);
        default -> Apps.backend(ns, name);
      };
      Outcome outcome = switch (type) {
        case "confidential" -> Outcome.CONFIDENTIAL;
        case "public" -> Outcome.PUBLIC;
        default -> Outcome.BACKEND_SERVICE;
      };
      // Half the shared ids are given explicitly to both apps, half are a generated id copied from
      // the holder's status into the duplicate's spec (the two ways a collision happens).
      String sharedExplicitly = "shared-client-" + i;
      if (holders.contains(i) && sharedExplicitly(i)) {
        app.getSpec().setClientId(sharedExplicitly);
      }
      if (invalidSet.contains(i)) {
        makeInvalid(app, i);
        outcome = Outcome.INVALID_SPEC;
      } else if (holderOf.containsKey(i)) {
        int holder = holderOf.get(i);
        app.getSpec().setClientId(sharedExplicitly(holder)
            ? "shared-client-" + holder
            : ClientIds.generated(PLATFORM_ID, namespace(holder), name(holder)));
        outcome = Outcome.DUPLICATE_CLIENT_ID;
      }
      String clientId = app.getSpec().getClientId() != null ? app.getSpec().getClientId()
          : ClientIds.generated(PLATFORM_ID, ns, name);
      out.add(new PlannedApp(app, outcome, type, clientId, outcome == Outcome.DUPLICATE_CLIENT_ID));
    }
    return out;
  }

  private static boolean sharedExplicitly(int holder) {
    return holder % 2 == 0;
  }

  /** Three kinds of mistakes a user makes; the operator (not the mock's missing schema) must catch each. */
  private static void makeInvalid(SmartApp app, int index) {
    switch (index % 3) {
      case 0 -> {
        List<String> scopes = new ArrayList<>(app.getSpec().getScopes());
        scopes.add("not a scope");
        app.getSpec().setScopes(scopes);
      }
      case 1 -> app.getSpec().setDisplayName("");
      default -> {
        if ("backend-service".equals(app.getSpec().getClientType())) {
          app.getSpec().setScopes(new ArrayList<>(List.of("patient/Observation.rs")));
        } else {
          app.getSpec().setLaunchUri("http://" + app.getMetadata().getName() + ".example.org/launch");
        }
      }
    }
  }

  static Map<Outcome, Integer> census(List<PlannedApp> apps) {
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    apps.forEach(a -> out.merge(a.outcome(), 1, Integer::sum));
    return out;
  }

  /**
   * The fewest writes this mix needs: a finalizer and one status write per app, and a Secret per
   * accepted confidential or backend-service app.
   */
  static long minimumWrites(List<PlannedApp> apps) {
    return 2L * apps.size() + apps.stream().filter(PlannedApp::hasGeneratedSecret).count();
  }
}
