package io.smartoperator.gateway.discovery;

import io.smartoperator.api.v1alpha1.SmartConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What one discovery of a Gateway found. Compared by value (configuration included), so a
 * controller can tell whether anything changed with {@code equals} or {@link #fingerprint()}.
 *
 * @param reason the Discovered condition's reason; its status is {@link #status()}
 * @param message for the condition: what was found, or what to fix
 * @param configuration the SMART configuration when that document was valid, else null. It is
 *     present even when /metadata failed (reason then says so), so a controller may still show it
 * @param fhirVersion the CapabilityStatement's fhirVersion (e.g. 4.0.1) when /metadata was one
 * @param metadataProblem what is wrong with /metadata, or null; also part of {@code message}
 *     whenever it decides the reason
 */
public record DiscoveryResult(
    DiscoveryReason reason,
    String message,
    SmartConfiguration configuration,
    String fhirVersion,
    String metadataProblem) {

  public DiscoveryResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    configuration = copy(configuration);
  }

  /** The Discovered condition's status: True only for {@link DiscoveryReason#Discovered}. */
  public String status() {
    return reason.conditionStatus();
  }

  public boolean discovered() {
    return reason == DiscoveryReason.Discovered;
  }

  /** A copy, so that a caller who puts it into a status object cannot change this result. */
  @Override
  public SmartConfiguration configuration() {
    return copy(configuration);
  }

  /** SHA-256 (hex) over every field; equal results have equal fingerprints. */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Object part : parts()) {
        // Length-prefixed so that ("ab","c") and ("a","bc") differ.
        byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DiscoveryResult that && parts().equals(that.parts());
  }

  @Override
  public int hashCode() {
    return parts().hashCode();
  }

  @Override
  public String toString() {
    return "DiscoveryResult" + parts();
  }

  private List<Object> parts() {
    List<Object> parts = new ArrayList<>();
    parts.add(reason);
    parts.add(message);
    parts.add(fhirVersion);
    parts.add(metadataProblem);
    parts.add(configuration != null);
    if (configuration != null) {
      parts.add(configuration.getIssuer());
      parts.add(configuration.getAuthorizationEndpoint());
      parts.add(configuration.getTokenEndpoint());
      parts.add(configuration.getRegistrationEndpoint());
      parts.add(configuration.getCapabilities());
      parts.add(configuration.getGrantTypesSupported());
      parts.add(configuration.getTokenEndpointAuthMethodsSupported());
      parts.add(configuration.getScopesSupported());
    }
    return parts;
  }

  private static SmartConfiguration copy(SmartConfiguration source) {
    if (source == null) {
      return null;
    }
    SmartConfiguration copy = new SmartConfiguration();
    copy.setIssuer(source.getIssuer());
    copy.setAuthorizationEndpoint(source.getAuthorizationEndpoint());
    copy.setTokenEndpoint(source.getTokenEndpoint());
    copy.setRegistrationEndpoint(source.getRegistrationEndpoint());
    copy.setCapabilities(listCopy(source.getCapabilities()));
    copy.setGrantTypesSupported(listCopy(source.getGrantTypesSupported()));
    copy.setTokenEndpointAuthMethodsSupported(listCopy(source.getTokenEndpointAuthMethodsSupported()));
    copy.setScopesSupported(listCopy(source.getScopesSupported()));
    return copy;
  }

  private static List<String> listCopy(List<String> list) {
    return list == null ? null : new ArrayList<>(list);
  }
}
