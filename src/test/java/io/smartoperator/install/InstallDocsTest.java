package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartoperator.crd.ProjectPaths;
import io.smartoperator.crd.YamlDocuments;
import io.smartoperator.runtime.ResourceMeters;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md says what the code does: its configuration table and metric names. */
class InstallDocsTest {
  static final Path DOC = ProjectPaths.root().resolve("README.md");
  static final Pattern ROW = Pattern.compile(
      "^\\| `(--[a-z-]+)` \\| `([A-Z0-9_]+)` \\| `([^`]*)` \\| ([^|]+) \\|.*");

  record Row(String flag, String env, String defaultValue, String helmValue) {}

  static List<Row> configurationTable() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(new Row(m.group(1), m.group(2), m.group(3), m.group(4).trim()));
      }
    }
    return rows;
  }

  @Test
  void configurationTableIsTheRunCommandsOptions() throws Exception {
    List<RunOptions> documented = configurationTable().stream()
        .map(r -> new RunOptions(r.flag(), r.env(), r.defaultValue())).toList();
    assertThat(documented).as("rows of the configuration table in %s", DOC)
        .containsExactlyElementsOf(RunOptions.all());
  }

  @Test
  void helmValuesNamedInTheTableExist() throws Exception {
    JsonNode values = YamlDocuments.read(ProjectPaths.root().resolve("helm/smart-operator/values.yaml")).get(0);
    Pattern path = Pattern.compile("^`([A-Za-z.]+)`");
    for (Row row : configurationTable()) {
      Matcher m = path.matcher(row.helmValue());
      if (m.find()) {
        String pointer = "/" + m.group(1).replace('.', '/');
        assertThat(values.at(pointer).isMissingNode()).as("values.yaml has %s (row %s)", m.group(1), row.flag())
            .isFalse();
      }
    }
  }

  /**
   * The metrics list is the operator's gauges and the prober's meters, by their Prometheus names
   * as HealthMetrics documents them (its own test holds those names to a Prometheus scrape).
   */
  @Test
  void metricsListIsTheOperatorsMeters() throws Exception {
    Set<String> documented = names(Files.readString(DOC), "`(smart_operator_[a-z_]+)`");
    Set<String> expected = new TreeSet<>();
    for (Field f : ResourceMeters.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        expected.add(((String) f.get(null)).replace('.', '_'));
      }
    }
    Path healthMetrics = ProjectPaths.root().resolve("src/main/java/io/smartoperator/health/HealthMetrics.java");
    expected.addAll(names(Files.readString(healthMetrics), "\\{@code (smart_operator_[a-z_]+)"));
    assertThat(documented).isEqualTo(expected);
  }

  private static Set<String> names(String text, String regex) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
