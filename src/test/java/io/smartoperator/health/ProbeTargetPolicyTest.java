package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProbeTargetPolicyTest {
  private final ProbeTargetPolicy defaults = ProbeTargetPolicy.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "169.254.255.255", "fe80::1", "febf:ffff::1",
      "fd00:ec2::254", "::ffff:169.254.169.254"})
  void deniesLinkLocalAndMetadataAddresses(String address) throws Exception {
    assertThat(defaults.allows(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
      "100.64.0.1", "8.8.8.8", "169.253.255.255", "169.255.0.0", "fec0::1", "fd00:ec2::253", "2001:db8::1"})
  void allowsLoopbackPrivateAndPublicAddresses(String address) throws Exception {
    assertThat(defaults.allows(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void saysWhyAnAddressIsDenied() throws Exception {
    assertThat(defaults.denial(InetAddress.getByName("169.254.169.254"))).contains("169.254.169.254 is link-local");
    assertThat(defaults.denial(InetAddress.getByName("fd00:ec2::254")))
        .contains("fd00:ec2:0:0:0:0:0:254 is a cloud metadata address");
    assertThat(defaults.denial(InetAddress.getByName("10.0.0.1"))).isEmpty();
  }

  @Test
  void deniesIpv6AddressesThatEmbedADeniedIpv4Address() throws Exception {
    byte[] metadata = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};
    // Inet6Address.getByAddress keeps these as IPv6, as a resolver might hand them over
    assertThat(defaults.denial(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, metadata)))
        .hasValueSatisfying(why -> assertThat(why).contains("embeds an IPv4 address that is link-local"));
    assertThat(defaults.allows(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, metadata))).isFalse();
    assertThat(defaults.allows(v6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, metadata))).isFalse();
    assertThat(defaults.allows(v6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, new byte[] {10, 0, 0, 1}))).isTrue();
  }

  @Test
  void deniesConfiguredRanges() throws Exception {
    ProbeTargetPolicy policy = defaults.denying(List.of("10.0.0.0/8", " 2001:db8::/32 ", "192.0.2.7", "172.16.9.9/16"));

    assertThat(policy.denial(InetAddress.getByName("10.200.3.4"))).contains("10.200.3.4 is in the denied range 10.0.0.0/8");
    assertThat(policy.allows(InetAddress.getByName("11.0.0.1"))).isTrue();
    assertThat(policy.allows(InetAddress.getByName("2001:db8:1::1"))).isFalse();
    assertThat(policy.allows(InetAddress.getByName("2001:db9::1"))).isTrue();
    assertThat(policy.allows(InetAddress.getByName("192.0.2.7"))).isFalse();
    assertThat(policy.allows(InetAddress.getByName("192.0.2.8"))).isTrue();
    assertThat(policy.denial(InetAddress.getByName("172.16.200.1"))).contains("172.16.200.1 is in the denied range 172.16.0.0/16");
    assertThat(policy.allows(InetAddress.getByName("169.254.169.254"))).isFalse();
    assertThat(policy.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com/8", "10.0.0.0/33", "10.0.0.0/x", "10.0.0/8", "::1/129", "1.2.3.4/-1"})
  void refusesWhatIsNotACidr(String cidr) {
    assertThatThrownBy(() -> defaults.denying(List.of(cidr))).isInstanceOf(IllegalArgumentException.class);
  }

  private static InetAddress v6(int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7, int b8, int b9,
      int b10, int b11, byte[] v4) throws Exception {
    byte[] bytes = {(byte) b0, (byte) b1, (byte) b2, (byte) b3, (byte) b4, (byte) b5, (byte) b6, (byte) b7,
        (byte) b8, (byte) b9, (byte) b10, (byte) b11, v4[0], v4[1], v4[2], v4[3]};
    return Inet6Address.getByAddress(null, bytes, null);
  }
}
