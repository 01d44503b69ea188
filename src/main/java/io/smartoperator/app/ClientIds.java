package io.smartoperator.app;

import io.smartoperator.api.v1alpha1.SmartApp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Generated client ids: a name-based UUID (version 5, SHA-1) of
 * {@code <platformId>/<namespace>/<name>} in the RFC 4122 URL namespace. Re-applying the same
 * app from Git gives the same id; two platforms never share one.
 */
public final class ClientIds {
  /** RFC 4122 appendix C, NameSpace_URL. */
  static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  private ClientIds() {}

  public static String generated(String platformId, String namespace, String name) {
    return uuidV5(NAMESPACE_URL, platformId + "/" + namespace + "/" + name).toString();
  }

  /** spec.clientId when given, else the generated id. */
  public static String effective(SmartApp app, String platformId) {
    String given = app.getSpec() == null ? null : app.getSpec().getClientId();
    if (given != null && !given.isEmpty()) {
      return given;
    }
    return generated(platformId, app.getMetadata().getNamespace(), app.getMetadata().getName());
  }

  static UUID uuidV5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by the Java platform", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bb.getLong(), bb.getLong());
  }
}
