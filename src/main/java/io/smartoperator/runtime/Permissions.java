package io.smartoperator.runtime;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every Kubernetes API permission the operator's code uses, in one place. The Helm chart and
 * deploy/ grant exactly these (a test renders both and compares, in both directions), and a test
 * runs the operator on a recording API server and checks every request is covered.
 *
 * <p>When code starts calling the API in a new way, add the permission here, then to
 * helm/smart-operator/templates/rbac.yaml and deploy/rbac.yaml: the tests say what is missing.
 */
public final class Permissions {
  public static final String CORE = "";
  public static final String SMART = "smart-operator.io";
  public static final String COORDINATION = "coordination.k8s.io";
  public static final String AUTHORIZATION = "authorization.k8s.io";
  public static final String KUBE_SYSTEM = "kube-system";

  /**
   * One grant: a verb on a resource (or subresource, {@code smartapps/status}) of an API group,
   * optionally only on one object by name.
   */
  public record Permission(String apiGroup, String resource, String verb, String resourceName)
      implements Comparable<Permission> {
    private static final Comparator<Permission> ORDER = Comparator.comparing(Permission::apiGroup)
        .thenComparing(Permission::resource).thenComparing(Permission::verb)
        .thenComparing(p -> p.resourceName() == null ? "" : p.resourceName());

    public static Permission of(String apiGroup, String resource, String verb) {
      return new Permission(apiGroup, resource, verb, null);
    }

    public static Permission named(String apiGroup, String resource, String verb, String name) {
      return new Permission(apiGroup, resource, verb, name);
    }

    @Override
    public int compareTo(Permission o) {
      return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb
          + (resourceName == null ? "" : " [" + resourceName + "]");
    }
  }

  private Permissions() {}

  /**
   * In every watched namespace: a ClusterRole when all namespaces are watched, else a Role in each.
   */
  public static SortedSet<Permission> watchedNamespaces() {
    Set<Permission> p = new LinkedHashSet<>();
    // SmartApp: JOSDK's informer (list, watch); finalizer add/remove is a JSON patch, re-read
    // with get on a conflict; status is a patch of the status subresource.
    verbs(p, SMART, "smartapps", "get", "list", "watch", "patch");
    verbs(p, SMART, "smartapps/status", "patch");
    // Secrets carry an ownerReference with blockOwnerDeletion=true, which the API server's
    // OwnerReferencesPermissionEnforcement admission (on in OpenShift) allows only with this.
    verbs(p, SMART, "smartapps/finalizers", "update");
    verbs(p, SMART, "gateways", "list", "watch");
    verbs(p, SMART, "gateways/status", "patch");
    // Credentials Secrets and <gateway>-clients Secrets: informers over all Secrets (owned and
    // existingSecretRef ones), get on a create conflict, update with optimistic locking, delete
    // for deletionPolicy Delete.
    verbs(p, CORE, "secrets", "get", "list", "watch", "create", "update", "delete");
    verbs(p, CORE, "events", "create");
    return sorted(p);
  }

  /**
   * Cluster-scoped reads, always a ClusterRole, whatever namespaces are watched. Namespace labels
   * decide a Gateway's Selector handshake, so both controllers inform on all Namespaces; the
   * default platformId is the uid of kube-system, read once at start.
   */
  public static SortedSet<Permission> cluster(boolean platformIdGiven) {
    Set<Permission> p = new LinkedHashSet<>();
    verbs(p, CORE, "namespaces", "list", "watch");
    if (!platformIdGiven) {
      p.add(Permission.named(CORE, "namespaces", "get", KUBE_SYSTEM));
    }
    return sorted(p);
  }

  /**
   * In the lease's namespace, when leader election is on. fabric8's LeaseLock reads and patches
   * the Lease; JOSDK refuses to start unless get, create and update are granted, so update is
   * here though the lock patches. create cannot be limited to a name (the object does not exist).
   */
  public static SortedSet<Permission> leaderElection(String leaseName) {
    Set<Permission> p = new LinkedHashSet<>();
    p.add(Permission.of(COORDINATION, "leases", "create"));
    for (String verb : List.of("get", "update", "patch")) {
      p.add(Permission.named(COORDINATION, "leases", verb, leaseName));
    }
    return sorted(p);
  }

  /**
   * Used, but granted to every authenticated user by the built-in system:basic-user ClusterRole,
   * so neither the chart nor deploy/ grants it: JOSDK's check of the Lease permissions.
   */
  public static SortedSet<Permission> grantedToEveryUser() {
    return sorted(Set.of(Permission.of(AUTHORIZATION, "selfsubjectrulesreviews", "create")));
  }

  private static void verbs(Set<Permission> into, String group, String resource, String... verbs) {
    for (String verb : verbs) {
      into.add(Permission.of(group, resource, verb));
    }
  }

  private static SortedSet<Permission> sorted(Set<Permission> p) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(p));
  }
}
