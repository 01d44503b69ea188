package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.install.MockCluster.ApiRequest;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.runtime.SmartOperator;
import io.smartoperator.testing.Apps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one API server: one holds the Lease and reconciles, the other has its informers
 * synced, is ready, and writes nothing; when the leader stops, the other takes over.
 */
class LeaderElectionTest {
  static final String LEASE = "smart-operator-leader";
  static final String NS = "smart-operator";

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
    try (MockCluster cluster = new MockCluster(Permissions.leaderElection(LEASE))) {
      cluster.namespace(NS);
      cluster.namespace("team");
      AtomicInteger lostLeadership = new AtomicInteger();
      SmartOperator a = replica(cluster, "replica-a", lostLeadership);
      SmartOperator b = replica(cluster, "replica-b", lostLeadership);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
        SmartOperator leader = a.isLeader() ? a : b;
        SmartOperator standby = leader == a ? b : a;
        String standbyName = leader == a ? "replica-b" : "replica-a";
        String leaderName = leader == a ? "replica-a" : "replica-b";
        assertThat(standby.isLeader()).as("one leader at a time").isFalse();
        assertThat(standby.isReady()).as("a standby has synced informers and is ready").isTrue();
        Lease lease = cluster.user.leases().inNamespace(NS).withName(LEASE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leaderName);

        cluster.user.resource(Apps.publicApp("team", "first")).create();
        awaitReady(cluster, "first");
        List<String> standbyWrites = cluster.requestsOf(standbyName).stream()
            .filter(r -> !r.verb().equals("get") && !r.verb().equals("list") && !r.verb().equals("watch"))
            .filter(r -> !r.apiGroup().equals(Permissions.COORDINATION)
                && !r.apiGroup().equals(Permissions.AUTHORIZATION))
            .map(ApiRequest::path).toList();
        assertThat(standbyWrites).as("the standby writes nothing but its Lease attempts").isEmpty();
        assertThat(cluster.requestsOf(leaderName)).anyMatch(r -> r.resource().equals("smartapps/status"));

        leader.close();
        // JOSDK does not release the Lease on stop: the standby waits for it to expire (15 s).
        await().atMost(Duration.ofSeconds(45)).until(standby::isLeader);
        cluster.user.resource(Apps.publicApp("team", "second")).create();
        awaitReady(cluster, "second");
        assertThat(cluster.user.leases().inNamespace(NS).withName(LEASE).get().getSpec().getHolderIdentity())
            .isEqualTo(standbyName);
        assertThat(lostLeadership).as("stopping is not losing the leadership").hasValue(0);
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static SmartOperator replica(MockCluster cluster, String name, AtomicInteger lost) {
    OperatorConfig config = OperatorConfig.defaults().withPlatformId("test-platform")
        .withLeaderElection(OperatorConfig.LeaderElection.on(LEASE, NS).withIdentity(name));
    return SmartOperator.start(cluster.client(name), config, new SimpleMeterRegistry(), lost::incrementAndGet);
  }

  private static void awaitReady(MockCluster cluster, String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      SmartApp app = cluster.user.resources(SmartApp.class).inNamespace("team").withName(name).get();
      return app.getStatus() != null && app.getStatus().getConditions().stream()
          .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    });
  }
}
