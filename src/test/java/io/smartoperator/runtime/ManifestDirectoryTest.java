package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDirectoryTest {

  @Test
  void filesAreTakenInNameOrderAndDocumentsInFileOrder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("20-apps.yml"), """
        # a comment before the first document
        ---
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata: {name: b, namespace: n}
        ---
        ---
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata: {name: c, namespace: n}
        """);
    Files.writeString(dir.resolve("10-namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n");
    Files.writeString(dir.resolve("README.md"), "not a manifest");

    assertThat(ManifestDirectory.files(dir)).extracting(p -> p.getFileName().toString())
        .containsExactly("10-namespace.yaml", "20-apps.yml");
    assertThat(ManifestDirectory.read(dir.resolve("20-apps.yml")))
        .extracting(ManifestDirectory.Manifest::describe)
        .containsExactly("SmartApp n/b", "SmartApp n/c");
  }

  @Test
  void aDocumentWithoutKindIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: v1\nmetadata: {name: x}\n");

    assertThatThrownBy(() -> ManifestDirectory.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.yaml, document 1");
  }

  @Test
  void theLastAppliedAnnotationIsWhatKubectlApplyWrites() throws IOException {
    JsonNode manifest = new YAMLMapper().readTree("""
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata:
          name: growth-chart
          namespace: pediatrics
        spec:
          scopes: [launch, openid]
          displayName: Growth & <Chart>
          clientType: confidential
        """);

    String annotation = ManifestDirectory.withLastApplied(manifest)
        .getMetadata().getAnnotations().get(ManifestDirectory.LAST_APPLIED);

    // Written by kubectl 1.32 for the same file: sorted keys, HTML-safe escapes, a final newline.
    assertThat(annotation).isEqualTo(
        "{\"apiVersion\":\"smart-operator.io/v1alpha1\",\"kind\":\"SmartApp\",\"metadata\":{\"annotations\":{},"
            + "\"name\":\"growth-chart\",\"namespace\":\"pediatrics\"},\"spec\":{\"clientType\":\"confidential\","
            + "\"displayName\":\"Growth \\u0026 \\u003cChart\\u003e\",\"scopes\":[\"launch\",\"openid\"]}}\n");
  }
}
