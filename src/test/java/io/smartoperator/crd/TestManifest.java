package io.smartoperator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;

/** A valid SmartApp or Gateway to start from, edited by dotted path into the manifest a test needs. */
public final class TestManifest {
  private final ObjectNode node;

  private TestManifest(String yaml) {
    this.node = (ObjectNode) YamlDocuments.parse(yaml);
  }

  public static TestManifest publicApp() {
    return new TestManifest("""
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata: {name: test-app, namespace: pediatrics}
        spec:
          displayName: Test App
          clientType: public
          launchUri: https://app.example.org/launch
          redirectUris: [https://app.example.org/callback]
          scopes: [launch, openid, fhirUser, patient/Observation.rs]
          gatewayRefs: [{name: sandbox, namespace: platform}]
        """);
  }

  public static TestManifest confidentialApp() {
    return publicApp().with("spec.clientType", "confidential");
  }

  public static TestManifest backendService() {
    return new TestManifest("""
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata: {name: test-backend, namespace: pediatrics}
        spec:
          displayName: Test Backend
          clientType: backend-service
          scopes: [system/Patient.rs, system/Observation.rs]
        """);
  }

  public static TestManifest gateway() {
    return new TestManifest("""
        apiVersion: smart-operator.io/v1alpha1
        kind: Gateway
        metadata: {name: test-gateway, namespace: platform}
        spec:
          displayName: Test Gateway
          fhirBaseUrl: https://fhir.example.org/r4
        """);
  }

  /** Sets a field, creating the objects on the way; {@code value} may be a String, Number, List, Map or JsonNode. */
  public TestManifest with(String path, Object value) {
    String[] parts = path.split("\\.");
    ObjectNode parent = node;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], YamlDocuments.YAML.valueToTree(value));
    return this;
  }

  /** Sets a field from a YAML snippet, e.g. {@code withYaml("spec.credentials", "{existingSecretRef: {name: s}}")}. */
  public TestManifest withYaml(String path, String yaml) {
    return with(path, YamlDocuments.parse(yaml));
  }

  public TestManifest without(String path) {
    int dot = path.lastIndexOf('.');
    JsonNode parent = dot < 0 ? node : node.at("/" + path.substring(0, dot).replace('.', '/'));
    ((ObjectNode) parent).remove(path.substring(dot + 1));
    return this;
  }

  public ObjectNode node() {
    return node;
  }

  /** {@code count} distinct strings, {@code format} given the index, e.g. "https://a.example.org/cb%d". */
  public static List<String> numbered(String format, int count) {
    return IntStream.range(0, count).mapToObj(i -> format.formatted(i)).toList();
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
