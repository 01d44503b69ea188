package io.smartoperator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-side table ({@code meta.k8s.io/v1 Table}) that {@code kubectl get} asks for and
 * prints: a CRD's printer columns (READY, HEALTHY, CLIENT-TYPE...) or a few columns of the
 * built-in kinds. The mock returns plain lists, with which kubectl prints only NAME and AGE.
 */
final class PrinterTable {
  static final String CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One column: its definition for kubectl and how a cell is read from an object. */
  record Column(String name, String type, String format, int priority, Function<JsonNode, JsonNode> cell) {
    static Column of(String name, String type, Function<JsonNode, JsonNode> cell) {
      return new Column(name, type, "", 0, cell);
    }
  }

  private PrinterTable() {}

  /** Whether the request's Accept header asks for a Table (kubectl get with its default printer). */
  static boolean isWanted(String accept) {
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /**
   * Converts the store's answer (one object, or a List of them) to a Table; {@code includeObject}
   * is the request's query parameter (None, Object or, by default, Metadata).
   */
  static String render(List<Column> columns, String storeBody, String includeObject, Instant now) {
    JsonNode body = Serialization.unmarshal(storeBody, JsonNode.class);
    List<JsonNode> items = new ArrayList<>();
    String resourceVersion = "";
    if (body.has("items")) {
      body.get("items").forEach(items::add);
      resourceVersion = body.path("metadata").path("resourceVersion").asText("");
    } else {
      items.add(body);
    }
    ObjectNode table = JSON.objectNode()
        .put("kind", "Table")
        .put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    List<Column> all = new ArrayList<>();
    all.add(new Column("Name", "string", "name", 0, o -> o.path("metadata").path("name")));
    all.addAll(columns);
    for (Column c : all) {
      definitions.addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.format())
          .put("description", "")
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : all) {
        JsonNode value = c.cell().apply(item);
        cells.add("date".equals(c.type()) ? age(value, now) : value == null || value.isMissingNode() ? JSON.nullNode() : value);
      }
      if ("Object".equals(includeObject)) {
        row.set("object", item);
      } else if (!"None".equals(includeObject)) {
        // kubectl reads the namespace (-A) and labels (--show-labels) from here.
        ObjectNode partial = row.putObject("object")
            .put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata"));
      }
    }
    return Serialization.asJson(table);
  }

  /** Columns of a custom resource: its CRD version's additionalPrinterColumns, like the API server. */
  static List<Column> columnsOf(CustomResourceDefinitionVersion version) {
    List<Column> columns = new ArrayList<>();
    List<CustomResourceColumnDefinition> printerColumns = version.getAdditionalPrinterColumns();
    if (printerColumns == null || printerColumns.isEmpty()) {
      columns.add(age());
      return columns;
    }
    for (CustomResourceColumnDefinition c : printerColumns) {
      JsonPath path = JsonPath.parse(c.getJsonPath());
      columns.add(new Column(c.getName(), c.getType(), c.getFormat() == null ? "" : c.getFormat(),
          c.getPriority() == null ? 0 : c.getPriority(), path::read));
    }
    return columns;
  }

  /** Columns of the built-in kinds dev mode serves, a short version of the API server's. */
  static List<Column> columnsOf(String plural) {
    return switch (plural) {
      case "namespaces" -> List.of(
          Column.of("Status", "string", o -> o.path("status").path("phase")), age());
      case "secrets" -> List.of(
          Column.of("Type", "string", o -> o.path("type")),
          Column.of("Data", "integer", o -> JSON.numberNode(o.path("data").size())),
          age());
      case "configmaps" -> List.of(
          Column.of("Data", "integer", o -> JSON.numberNode(o.path("data").size())), age());
      case "events" -> List.of(
          Column.of("Last Seen", "date", o -> o.path("lastTimestamp")),
          Column.of("Type", "string", o -> o.path("type")),
          Column.of("Reason", "string", o -> o.path("reason")),
          Column.of("Object", "string", o -> JSON.textNode(
              o.path("involvedObject").path("kind").asText().toLowerCase() + "/"
                  + o.path("involvedObject").path("name").asText())),
          Column.of("Message", "string", o -> o.path("message")));
      case "customresourcedefinitions" -> List.of(
          Column.of("Created At", "date", o -> o.path("metadata").path("creationTimestamp")));
      default -> List.of(age());
    };
  }

  private static Column age() {
    return Column.of("Age", "date", o -> o.path("metadata").path("creationTimestamp"));
  }

  private static JsonNode age(JsonNode timestamp, Instant now) {
    if (timestamp == null || !timestamp.isTextual()) {
      return JSON.textNode("<unknown>");
    }
    try {
      return JSON.textNode(humanDuration(Duration.between(Instant.parse(timestamp.asText()), now)));
    } catch (DateTimeParseException e) {
      return JSON.textNode("<invalid>");
    }
  }

  /** Kubernetes' duration.HumanDuration: 42s, 5m3s, 3h, 2d4h, 1y30d. */
  static String humanDuration(Duration d) {
    if (d.compareTo(Duration.ofSeconds(-1)) < 0) {
      return "<invalid>";
    }
    if (d.isNegative()) {
      return "0s";
    }
    long seconds = d.toSeconds();
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /**
   * The part of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code .a[0]} and
   * {@code .a[?(@.k=="v")].b}. A path outside it reads as missing, so the cell stays empty.
   */
  record JsonPath(List<Function<JsonNode, JsonNode>> steps) {
    private static final Pattern STEP = Pattern.compile(
        "\\.(?<field>[A-Za-z0-9_-]+)"
            + "|\\[(?<index>\\d+)]"
            + "|\\[\\?\\(@\\.(?<key>[A-Za-z0-9_-]+)\\s*==\\s*[\"'](?<value>[^\"']*)[\"']\\)]");

    static JsonPath parse(String expression) {
      String path = expression.trim();
      if (path.startsWith("{") && path.endsWith("}")) {
        path = path.substring(1, path.length() - 1);
      }
      if (path.startsWith("$")) {
        path = path.substring(1);
      }
      List<Function<JsonNode, JsonNode>> steps = new ArrayList<>();
      Matcher m = STEP.matcher(path);
      int at = 0;
      while (at < path.length()) {
        if (!m.find(at) || m.start() != at) {
          return new JsonPath(List.of(node -> null));
        }
        if (m.group("field") != null) {
          String field = m.group("field");
          steps.add(node -> node.get(field));
        } else if (m.group("index") != null) {
          int index = Integer.parseInt(m.group("index"));
          steps.add(node -> node.isArray() ? node.get(index) : null);
        } else {
          String key = m.group("key");
          String value = m.group("value");
          steps.add(node -> firstMatching(node, key, value));
        }
        at = m.end();
      }
      return new JsonPath(steps);
    }

    private static JsonNode firstMatching(JsonNode array, String key, String value) {
      if (array == null || !array.isArray()) {
        return null;
      }
      for (JsonNode element : array) {
        if (value.equals(element.path(key).asText(null))) {
          return element;
        }
      }
      return null;
    }

    JsonNode read(JsonNode object) {
      JsonNode node = object;
      for (Function<JsonNode, JsonNode> step : steps) {
        if (node == null || node.isNull() || node.isMissingNode()) {
          return null;
        }
        node = step.apply(node);
      }
      return node == null || node.isMissingNode() ? null : node;
    }
  }
}
