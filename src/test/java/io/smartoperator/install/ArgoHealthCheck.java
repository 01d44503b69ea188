package io.smartoperator.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartoperator.crd.ProjectPaths;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * One Argo CD health check from the shipped argocd-cm snippet, run the way Argo CD runs it: the
 * resource as a Lua table named {@code obj}, the script returning {@code {status, message}}.
 */
record ArgoHealthCheck(String script) {
  static final Path CHART_SNIPPET = ProjectPaths.root().resolve("helm/smart-operator/argocd/argocd-cm-health.yaml");
  static final Path DEPLOY_SNIPPET = ProjectPaths.root().resolve("deploy/argocd/argocd-cm-health.yaml");

  record Health(String status, String message) {}

  static ArgoHealthCheck forKind(Path snippet, String kind) {
    JsonNode cm = Manifests.parse(read(snippet)).one("ConfigMap");
    JsonNode script = cm.path("data").path("resource.customizations.health.smart-operator.io_" + kind);
    if (!script.isTextual()) {
      throw new AssertionError(snippet + " has no health check for " + kind);
    }
    return new ArgoHealthCheck(script.asText());
  }

  static ArgoHealthCheck forKind(String kind) {
    return forKind(CHART_SNIPPET, kind);
  }

  Health of(JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    return new Health(result.get("status").tojstring(),
        result.get("message").isnil() ? null : result.get("message").tojstring());
  }

  /** JSON as Argo CD hands it to Lua: objects and arrays become tables, null fields are absent. */
  static LuaValue lua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        table.set(e.getKey(), lua(e.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    return LuaValue.valueOf(node.asText());
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
