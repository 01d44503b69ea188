package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterTableTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static CustomResourceDefinition smartAppsCrd() throws Exception {
    try (InputStream in = PrinterTableTest.class.getClassLoader()
        .getResourceAsStream("META-INF/fabric8/smartapps.smart-operator.io-v1.yml")) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0s", "119, 119s", "120, 2m", "303, 5m3s", "600, 10m", "10799, 179m", "10800, 3h",
      "11100, 3h5m", "28800, 8h", "172799, 47h", "172800, 2d", "183600, 2d3h", "691200, 8d",
      "63072000, 2y", "65664000, 2y30d"})
  void agesReadLikeKubectls(long seconds, String expected) {
    assertThat(PrinterTable.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void jsonPathReadsFieldsIndexesAndConditionFilters() throws Exception {
    JsonNode app = JSON.readTree("""
        {"spec": {"clientType": "public", "redirectUris": ["a", "b"]},
         "status": {"conditions": [{"type": "Accepted", "status": "False"}, {"type": "Ready", "status": "True"}]}}
        """);

    assertThat(PrinterTable.JsonPath.parse(".spec.clientType").read(app).asText()).isEqualTo("public");
    assertThat(PrinterTable.JsonPath.parse(".spec.redirectUris[1]").read(app).asText()).isEqualTo("b");
    assertThat(PrinterTable.JsonPath.parse(".status.conditions[?(@.type==\"Ready\")].status").read(app).asText())
        .isEqualTo("True");
    assertThat(PrinterTable.JsonPath.parse(".status.conditions[?(@.type=='Accepted')].status").read(app).asText())
        .isEqualTo("False");
    assertThat(PrinterTable.JsonPath.parse(".status.conditions[?(@.type==\"Healthy\")].status").read(app)).isNull();
    assertThat(PrinterTable.JsonPath.parse(".status.clientId").read(app)).isNull();
    assertThat(PrinterTable.JsonPath.parse(".spec..deep").read(app)).isNull();
  }

  @Test
  void aSmartAppListBecomesATableWithTheCrdsColumnsAndEmptyCellsForMissingStatus() throws Exception {
    var columns = PrinterTable.columnsOf(smartAppsCrd().getSpec().getVersions().get(0));
    String list = """
        {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": "7"}, "items": [
          {"metadata": {"name": "a", "namespace": "n", "creationTimestamp": "2026-01-01T00:00:00Z"},
           "spec": {"clientType": "public"},
           "status": {"clientId": "id-a", "conditions": [{"type": "Ready", "status": "True"}]}},
          {"metadata": {"name": "b", "namespace": "n", "creationTimestamp": "2026-01-01T00:00:00Z"},
           "spec": {"clientType": "confidential"}}]}
        """;

    JsonNode table = JSON.readTree(
        PrinterTable.render(columns, list, null, Instant.parse("2026-01-01T00:05:00Z")));

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    List<String> names = table.path("columnDefinitions").findValuesAsText("name");
    assertThat(names).containsExactlyInAnyOrder(
        "Name", "Client-Type", "Client-ID", "Ready", "Healthy", "Gateways", "Age");
    JsonNode first = table.path("rows").get(0);
    JsonNode second = table.path("rows").get(1);
    assertThat(cell(names, first, "Name")).isEqualTo("a");
    assertThat(cell(names, first, "Client-ID")).isEqualTo("id-a");
    assertThat(cell(names, first, "Ready")).isEqualTo("True");
    assertThat(cell(names, first, "Age")).isEqualTo("5m");
    assertThat(second.path("cells").get(names.indexOf("Ready")).isNull()).isTrue();
    assertThat(cell(names, second, "Client-Type")).isEqualTo("confidential");
    // kubectl get -A reads the namespace from the row's object.
    assertThat(first.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(first.path("object").path("metadata").path("namespace").asText()).isEqualTo("n");
  }

  private static String cell(List<String> names, JsonNode row, String column) {
    return row.path("cells").get(names.indexOf(column)).asText();
  }
}
