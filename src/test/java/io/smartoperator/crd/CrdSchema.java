package io.smartoperator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Holds a manifest against CustomResourceDefinitions the way the API server would on create,
 * without an API server: the version's {@code openAPIV3Schema} (JSON Schema draft 4, which the
 * OpenAPI v3 subset in CRDs is closest to), every {@code x-kubernetes-validations} rule (CEL),
 * metadata.name, and unknown fields (kubectl's default strict field validation).
 *
 * <p>Kubernetes semantics it keeps: null fields are pruned before validation; a rule runs at
 * every instance of the node that declares it (each array item, each map value) and only where
 * that node is present; {@code has(self.x)} is false for an absent field; schema errors of the
 * kinds the API server treats as blocking (required, enum, maxLength, maxItems, type, unknown
 * field) keep the rules from running; a rule that selects a field the schema does not declare
 * fails when the CRD is loaded, as it would fail CRD creation. Transition rules ({@code oldSelf})
 * are skipped, as on a create.
 *
 * <p>Not modelled: CEL cost limits, the Kubernetes CEL libraries (they are kept out of our rules
 * on purpose), {@code messageExpression}, defaulting.
 */
public final class CrdSchema {

  /** One reason the API server would refuse the manifest. {@code check} is a schema keyword, {@code rule}, {@code unknown-field}, {@code metadata} or {@code kind}. */
  public record Violation(String check, String path, String message) {
    @Override
    public String toString() {
      return check + " at " + (path.isEmpty() ? "<root>" : path) + ": " + message;
    }
  }

  public static final String RULE = "rule";
  public static final String UNKNOWN_FIELD = "unknown-field";
  public static final String METADATA = "metadata";
  public static final String KIND = "kind";

  // apiextensions-apiserver's hasBlockingErr: after these the CEL rules are not evaluated.
  private static final Set<String> BLOCKING =
      Set.of("required", "enum", "maxLength", "maxItems", "maxProperties", "type", UNKNOWN_FIELD);
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .setResultType(SimpleType.BOOL)
      .build();
  private static final tools.jackson.databind.ObjectMapper JACKSON3 =
      tools.jackson.databind.json.JsonMapper.builder().build();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

  private static CrdSchema generated;

  private record Rule(String text, String message, String fieldPath, boolean transition, CelRuntime.Program program) {}

  private record ServedVersion(boolean namespaced, JsonNode openApiSchema, Schema jsonSchema) {}

  private final Map<String, ServedVersion> byApiVersionAndKind = new LinkedHashMap<>();
  // Keyed by the x-kubernetes-validations entry itself: the same rule text may sit on different nodes.
  private final Map<JsonNode, Rule> rules = new IdentityHashMap<>();

  private CrdSchema(List<JsonNode> crds) {
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      String kind = spec.path("names").path("kind").asText();
      boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        JsonNode openApi = version.path("schema").path("openAPIV3Schema");
        String location = crd.path("metadata").path("name").asText() + "/" + version.path("name").asText();
        compileRules(openApi, location);
        Schema jsonSchema = SCHEMAS.getSchema(toJackson3(forJsonSchema(openApi, true)));
        byApiVersionAndKind.put(key(group + "/" + version.path("name").asText(), kind),
            new ServedVersion(namespaced, openApi, jsonSchema));
      }
    }
  }

  /** The CRDs the build generated (target/classes/META-INF/fabric8), loaded once per test JVM. */
  public static synchronized CrdSchema generated() {
    if (generated == null) {
      Path dir = ProjectPaths.generatedCrds();
      try (Stream<Path> files = Files.list(dir)) {
        List<JsonNode> crds = files.filter(f -> f.toString().endsWith(".yml")).sorted()
            .flatMap(f -> YamlDocuments.read(f).stream()).toList();
        if (crds.isEmpty()) {
          throw new IllegalStateException("no generated CRDs in " + dir + "; run mvn process-classes");
        }
        generated = new CrdSchema(crds);
      } catch (IOException e) {
        throw new UncheckedIOException("no generated CRDs in " + dir + "; run mvn process-classes", e);
      }
    }
    return generated;
  }

  /** A checker for the given CRDs; fails like CRD creation would if a rule does not compile. */
  public static CrdSchema of(List<JsonNode> crds) {
    return new CrdSchema(crds);
  }

  /** Whether one of the CRDs serves this manifest's apiVersion and kind. */
  public boolean serves(JsonNode manifest) {
    return byApiVersionAndKind.containsKey(key(manifest.path("apiVersion").asText(), manifest.path("kind").asText()));
  }

  /** Why the API server would refuse the manifest, as "check at path: message" lines; empty when it is valid. */
  public List<String> violations(JsonNode manifest) {
    return check(manifest).stream().map(Violation::toString).toList();
  }

  public List<Violation> check(JsonNode manifest) {
    String apiVersion = manifest.path("apiVersion").asText();
    String kind = manifest.path("kind").asText();
    ServedVersion served = byApiVersionAndKind.get(key(apiVersion, kind));
    if (served == null) {
      return List.of(new Violation(KIND, "", "no CRD here serves " + apiVersion + " " + kind));
    }
    JsonNode pruned = withoutNulls(manifest);
    List<Violation> result = new ArrayList<>(metadataViolations(pruned.path("metadata"), served.namespaced()));
    List<Violation> schemaViolations = schemaViolations(served, pruned);
    result.addAll(schemaViolations);
    if (schemaViolations.stream().noneMatch(v -> BLOCKING.contains(v.check()))) {
      evaluateRules(served.openApiSchema(), pruned, "", result);
    }
    return result;
  }

  // ---- schema

  private static List<Violation> schemaViolations(ServedVersion served, JsonNode manifest) {
    List<Violation> result = new ArrayList<>();
    for (Error error : served.jsonSchema().validate(toJackson3(manifest))) {
      String path = path(error.getInstanceLocation());
      String keyword = error.getKeyword();
      if ("required".equals(keyword)) {
        result.add(new Violation(keyword, child(path, error.getProperty()), "Required value"));
      } else if ("additionalProperties".equals(keyword)) {
        String field = child(path, error.getProperty());
        result.add(new Violation(UNKNOWN_FIELD, field, "unknown field \"" + field + "\""));
      } else {
        result.add(new Violation(keyword, path, error.getMessage()));
      }
    }
    return result;
  }

  /**
   * The CRD schema as plain JSON Schema: x-kubernetes-* keywords removed, unknown fields refused
   * where the API server would prune them (kubectl's strict validation turns that into an error),
   * and the root given the apiVersion, kind and metadata every object has.
   */
  private static JsonNode forJsonSchema(JsonNode schema, boolean root) {
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    schema.properties().forEach(field -> {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith("x-kubernetes-") || name.equals("nullable")) {
        return;
      }
      switch (name) {
        case "properties" -> {
          ObjectNode properties = copy.putObject("properties");
          value.properties().forEach(p -> properties.set(p.getKey(), forJsonSchema(p.getValue(), false)));
        }
        case "items", "additionalProperties", "not" -> copy.set(name, forJsonSchema(value, false));
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode list = copy.putArray(name);
          value.forEach(s -> list.add(forJsonSchema(s, false)));
        }
        default -> copy.set(name, value);
      }
    });
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      copy.remove("type");
    }
    if (root) {
      ObjectNode properties = copy.has("properties") ? (ObjectNode) copy.get("properties") : copy.putObject("properties");
      properties.putObject("apiVersion").put("type", "string");
      properties.putObject("kind").put("type", "string");
      properties.putObject("metadata").put("type", "object");
    }
    boolean open = schema.has("additionalProperties") || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (copy.has("properties") && !open) {
      copy.put("additionalProperties", false);
    }
    return copy;
  }

  // ---- metadata

  private static List<Violation> metadataViolations(JsonNode metadata, boolean namespaced) {
    List<Violation> result = new ArrayList<>();
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      if (!metadata.has("generateName")) {
        result.add(new Violation(METADATA, "metadata.name", "name or generateName is required"));
      }
    } else if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      result.add(new Violation(METADATA, "metadata.name", "a lowercase RFC 1123 subdomain is required: " + name));
    }
    String namespace = metadata.path("namespace").asText("");
    if (namespaced && !namespace.isEmpty() && (namespace.length() > 63 || !DNS1123_LABEL.matcher(namespace).matches())) {
      result.add(new Violation(METADATA, "metadata.namespace", "a lowercase RFC 1123 label is required: " + namespace));
    }
    return result;
  }

  // ---- CEL

  private void compileRules(JsonNode schema, String location) {
    for (JsonNode entry : schema.path("x-kubernetes-validations")) {
      String text = entry.path("rule").asText();
      if (entry.has("messageExpression")) {
        throw new IllegalArgumentException(location + ": messageExpression is not supported by this checker: " + text);
      }
      CelAbstractSyntaxTree ast;
      try {
        CelValidationResult compiled = CEL.compile(text);
        ast = compiled.getAst();
      } catch (CelValidationException e) {
        throw new IllegalArgumentException(location + ": rule does not compile: " + text + "\n" + e.getMessage(), e);
      }
      selectedFieldsMustExist(ast, schema, location, text);
      boolean transition = navigable(ast).anyMatch(n -> n.expr().exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
          && n.expr().ident().name().equals("oldSelf"));
      try {
        rules.put(entry, new Rule(text, entry.path("message").asText("failed rule: " + text),
            entry.path("fieldPath").asText(""), transition, CEL.createProgram(ast)));
      } catch (CelEvaluationException e) {
        throw new IllegalArgumentException(location + ": rule cannot be planned: " + text, e);
      }
    }
    schema.path("properties").properties().forEach(p -> compileRules(p.getValue(), location + "." + p.getKey()));
    if (schema.has("items")) {
      compileRules(schema.get("items"), location + "[*]");
    }
    if (schema.path("additionalProperties").isObject()) {
      compileRules(schema.get("additionalProperties"), location + "[*]");
    }
  }

  private static Stream<CelNavigableExpr> navigable(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast).getRoot().allNodes();
  }

  /** With self typed as dyn, CEL itself would not notice {@code has(self.typo)}; the API server's typed compile does. */
  private static void selectedFieldsMustExist(CelAbstractSyntaxTree ast, JsonNode selfSchema, String location, String text) {
    navigable(ast).map(CelNavigableExpr::expr)
        .filter(e -> e.exprKind().getKind() == CelExpr.ExprKind.Kind.SELECT)
        .forEach(select -> {
          JsonNode operandSchema = schemaOf(select.select().operand(), selfSchema);
          String field = select.select().field();
          if (operandSchema != null && operandSchema.has("properties") && !isOpen(operandSchema)
              && !operandSchema.path("properties").has(field)) {
            throw new IllegalArgumentException(location + ": rule selects undefined field '" + field + "': " + text);
          }
        });
  }

  /** The schema of a {@code self.a.b} chain, or null when the expression is not such a chain. */
  private static JsonNode schemaOf(CelExpr expr, JsonNode selfSchema) {
    return switch (expr.exprKind().getKind()) {
      case IDENT -> expr.ident().name().equals("self") ? selfSchema : null;
      case SELECT -> {
        JsonNode parent = schemaOf(expr.select().operand(), selfSchema);
        if (parent == null) {
          yield null;
        }
        JsonNode property = parent.path("properties").get(expr.select().field());
        if (property != null) {
          yield property;
        }
        yield parent.path("additionalProperties").isObject() ? parent.get("additionalProperties") : null;
      }
      default -> null;
    };
  }

  private static boolean isOpen(JsonNode schema) {
    return schema.has("additionalProperties") || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
  }

  private void evaluateRules(JsonNode schema, JsonNode data, String path, List<Violation> out) {
    for (JsonNode entry : schema.path("x-kubernetes-validations")) {
      Rule rule = rules.get(entry);
      if (rule.transition()) {
        continue;
      }
      String rulePath = path + rule.fieldPath();
      try {
        Object result = rule.program().eval(Map.of("self", toCel(data, schema)));
        if (!Boolean.TRUE.equals(result)) {
          out.add(new Violation(RULE, rulePath, rule.message()));
        }
      } catch (CelEvaluationException e) {
        out.add(new Violation(RULE, rulePath, "evaluation error in rule " + rule.text() + ": " + e.getMessage()));
      }
    }
    if (data.isObject()) {
      JsonNode properties = schema.path("properties");
      data.properties().forEach(field -> {
        if (properties.has(field.getKey())) {
          evaluateRules(properties.get(field.getKey()), field.getValue(), child(path, field.getKey()), out);
        } else if (schema.path("additionalProperties").isObject()) {
          evaluateRules(schema.get("additionalProperties"), field.getValue(), path + "[" + field.getKey() + "]", out);
        }
      });
    } else if (data.isArray() && schema.has("items")) {
      for (int i = 0; i < data.size(); i++) {
        evaluateRules(schema.get("items"), data.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** The value CEL sees, as the API server builds it: integer fields int64, number fields double. */
  private static Object toCel(JsonNode data, JsonNode schema) {
    if (data.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      data.properties().forEach(f -> {
        JsonNode fieldSchema = schema.path("properties").has(f.getKey())
            ? schema.path("properties").get(f.getKey()) : schema.path("additionalProperties");
        map.put(f.getKey(), toCel(f.getValue(), fieldSchema));
      });
      return map;
    }
    if (data.isArray()) {
      List<Object> list = new ArrayList<>();
      data.forEach(item -> list.add(toCel(item, schema.path("items"))));
      return list;
    }
    if (data.isNumber()) {
      boolean number = "number".equals(schema.path("type").asText());
      return data.isIntegralNumber() && !number ? (Object) data.longValue() : (Object) data.doubleValue();
    }
    if (data.isBoolean()) {
      return data.booleanValue();
    }
    if (data.isNull()) {
      return NullValue.NULL_VALUE;
    }
    return data.asText();
  }

  // ---- helpers

  private static String key(String apiVersion, String kind) {
    return apiVersion + " " + kind;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A networknt location as a Kubernetes field path: spec.gatewayRefs[0].name. */
  private static String path(NodePath location) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    return path.toString();
  }

  /** The API server drops null fields that are not nullable before it validates. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(f -> {
        if (!f.getValue().isNull()) {
          copy.set(f.getKey(), withoutNulls(f.getValue()));
        }
      });
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(withoutNulls(item)));
      return copy;
    }
    return node;
  }

  private static tools.jackson.databind.JsonNode toJackson3(JsonNode node) {
    return JACKSON3.readTree(node.toString());
  }
}
