package io.smartoperator.health;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where probes may not go: link-local addresses (169.254.0.0/16, fe80::/10, where clouds serve
 * instance metadata and credentials), the AWS IPv6 metadata address fd00:ec2::254, and any CIDRs
 * the operator's configuration adds. Loopback and private ranges are allowed, since in-cluster
 * services live there.
 *
 * <p>The prober applies it to every address the host resolves to, so a DNS name cannot smuggle a
 * denied address in. An IPv6 address that embeds an IPv4 one (::ffff:a.b.c.d, ::a.b.c.d,
 * 64:ff9b::a.b.c.d) is checked as that IPv4 address too.
 */
public final class ProbeTargetPolicy {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Range> denied;

  private ProbeTargetPolicy(List<Range> denied) {
    this.denied = List.copyOf(denied);
  }

  /** Denies link-local and cloud-metadata addresses. */
  public static ProbeTargetPolicy defaults() {
    return new ProbeTargetPolicy(List.of(
        Range.parse("169.254.0.0/16", "is link-local"),
        Range.parse("fe80::/10", "is link-local"),
        Range.parse("fd00:ec2::254/128", "is a cloud metadata address")));
  }

  /**
   * This policy, also denying the given CIDRs ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare
   * address means just that address).
   *
   * @throws IllegalArgumentException when one is not an IP literal with an optional prefix length
   */
  public ProbeTargetPolicy denying(Collection<String> cidrs) {
    List<Range> all = new ArrayList<>(denied);
    for (String cidr : cidrs) {
      all.add(Range.parse(cidr.trim(), null));
    }
    return new ProbeTargetPolicy(all);
  }

  /** Whether a probe may connect to {@code address}. */
  public boolean allows(InetAddress address) {
    return denial(address).isEmpty();
  }

  /** Why a probe may not connect to {@code address}, as "169.254.169.254 is link-local"; empty when it may. */
  public Optional<String> denial(InetAddress address) {
    Optional<String> why = why(address);
    return why.map(w -> address.getHostAddress() + " " + w);
  }

  /** The part of {@link #denial} after the address, as "is link-local". */
  Optional<String> why(InetAddress address) {
    for (Range range : denied) {
      if (range.contains(address.getAddress())) {
        return Optional.of(range.why());
      }
    }
    byte[] embedded = embeddedIpv4(address);
    if (embedded != null) {
      for (Range range : denied) {
        if (range.contains(embedded)) {
          return Optional.of("embeds an IPv4 address that " + range.why());
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    boolean zeros80 = allZero(b, 0, 10);
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
    // 64:ff9b::/96, the NAT64 well-known prefix: a NAT64 gateway forwards it to the IPv4 address
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12);
    if (!(mapped || compatible || nat64)) {
      return null;
    }
    return new byte[] {b[12], b[13], b[14], b[15]};
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ProbeTargetPolicy" + denied.stream().map(Range::text).toList();
  }

  /** A CIDR range with what to say about an address in it. */
  private record Range(byte[] network, int prefix, String text, String why) {

    static Range parse(String cidr, String why) {
      int slash = cidr.indexOf('/');
      String literal = slash < 0 ? cidr : cidr.substring(0, slash);
      // only literals: a name here would send the configuration through DNS
      if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
        throw new IllegalArgumentException("not a CIDR: " + cidr);
      }
      byte[] network;
      try {
        network = InetAddress.getByName(literal).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not a CIDR: " + cidr, e);
      }
      int bits = network.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR: " + cidr, e);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("not a CIDR: " + cidr);
      }
      byte[] masked = mask(network, prefix);
      String text;
      try {
        text = InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not a CIDR: " + cidr, e);
      }
      return new Range(masked, prefix, text, why != null ? why : "is in the denied range " + text);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      return Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
      byte[] out = address.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, prefix - i * 8));
        out[i] = (byte) (out[i] & (0xff << (8 - keep)));
      }
      return out;
    }
  }
}
