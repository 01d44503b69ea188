package io.smartoperator.health;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a probe URI's host into addresses. The prober checks every address it returns against
 * the {@link ProbeTargetPolicy}; tests put a fake in place of DNS.
 */
@FunctionalInterface
public interface HostResolver {
  /**
   * @param host a DNS name or an IP literal, IPv6 without brackets
   * @return at least one address
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (and its cache), as every other Java client uses it. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
