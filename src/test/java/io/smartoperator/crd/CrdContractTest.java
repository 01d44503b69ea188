package io.smartoperator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The names, scope and printer columns promised in API.md's table, read from the generated CRD YAML. */
class CrdContractTest {
  private static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  private static final String HEALTHY = ".status.conditions[?(@.type==\"Healthy\")].status";

  @Test
  void smartAppCrd() {
    JsonNode crd = crd("smartapps.smart-operator.io-v1.yml");
    assertNamesAndScope(crd, "SmartApp", "smartapps", "smartapp", "sapp");
    // The generator sorts columns by jsonPath, so only names and paths are the contract, not order.
    assertThat(printerColumns(crd)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Client-Type", ".spec.clientType",
        "Client-ID", ".status.clientId",
        "Ready", READY,
        "Healthy", HEALTHY,
        "Gateways", ".status.activatedGateways",
        "Age", ".metadata.creationTimestamp"));
  }

  @Test
  void gatewayCrd() {
    JsonNode crd = crd("gateways.smart-operator.io-v1.yml");
    assertNamesAndScope(crd, "Gateway", "gateways", "gateway", "sgw");
    assertThat(printerColumns(crd)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "FHIR-URL", ".spec.fhirBaseUrl",
        "Ready", READY,
        "Healthy", HEALTHY,
        "Apps", ".status.attachedApps",
        "Age", ".metadata.creationTimestamp"));
  }

  @Test
  void columnTypesLetKubectlFormatThem() {
    for (String file : List.of("smartapps.smart-operator.io-v1.yml", "gateways.smart-operator.io-v1.yml")) {
      JsonNode columns = crd(file).path("spec").path("versions").get(0).path("additionalPrinterColumns");
      for (JsonNode column : columns) {
        String expected = switch (column.path("name").asText()) {
          case "Age" -> "date";
          case "Gateways", "Apps" -> "integer";
          default -> "string";
        };
        assertThat(column.path("type").asText()).as("%s column %s", file, column.path("name")).isEqualTo(expected);
      }
    }
  }

  private static void assertNamesAndScope(JsonNode crd, String kind, String plural, String singular, String shortName) {
    JsonNode spec = crd.path("spec");
    assertThat(crd.path("metadata").path("name").asText()).isEqualTo(plural + ".smart-operator.io");
    assertThat(spec.path("group").asText()).isEqualTo("smart-operator.io");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    JsonNode names = spec.path("names");
    assertThat(names.path("kind").asText()).isEqualTo(kind);
    assertThat(names.path("plural").asText()).isEqualTo(plural);
    assertThat(names.path("singular").asText()).isEqualTo(singular);
    assertThat(texts(names.path("shortNames"))).containsExactly(shortName);
    assertThat(texts(names.path("categories"))).containsExactly("smart");

    JsonNode versions = spec.path("versions");
    assertThat(versions).hasSize(1);
    JsonNode version = versions.get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    // status is a subresource: users cannot write it with the spec, the operator cannot clobber the spec.
    assertThat(version.path("subresources").has("status")).as("status subresource").isTrue();
  }

  private static Map<String, String> printerColumns(JsonNode crd) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (JsonNode column : crd.path("spec").path("versions").get(0).path("additionalPrinterColumns")) {
      String previous = columns.put(column.path("name").asText(), column.path("jsonPath").asText());
      assertThat(previous).as("duplicate column %s", column.path("name")).isNull();
    }
    return columns;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static JsonNode crd(String file) {
    List<JsonNode> docs = YamlDocuments.read(ProjectPaths.generatedCrds().resolve(file));
    assertThat(docs).as(file).hasSize(1);
    return docs.get(0);
  }
}
