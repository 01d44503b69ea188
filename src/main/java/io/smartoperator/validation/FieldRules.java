package io.smartoperator.validation;

import io.smartoperator.api.v1alpha1.Patterns;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks of single fields that both kinds share: text lengths, Kubernetes names, Secret references. */
final class FieldRules {
  static final Pattern DNS1123_LABEL = Pattern.compile(Patterns.DNS1123_LABEL);
  static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(Patterns.DNS1123_SUBDOMAIN);
  static final Pattern SECRET_KEY = Pattern.compile(Patterns.SECRET_KEY);
  // Kubernetes qualified names: the part after an optional "prefix/" of a label or annotation key.
  private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private FieldRules() {}

  /** Kubernetes counts maxLength in characters (code points), not UTF-16 units. */
  static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  static void requiredText(Findings findings, String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      findings.problem(field, "is required (1 to " + max + " characters)");
    } else if (value.isBlank()) {
      findings.problem(field, "must not be blank");
    } else {
      maxLength(findings, field, value, max);
    }
  }

  static void maxLength(Findings findings, String field, String value, int max) {
    if (value != null && length(value) > max) {
      findings.problem(field, "must be at most " + max + " characters (is " + length(value) + ")");
    }
  }

  static void maxItems(Findings findings, String field, List<?> list, int max) {
    if (list.size() > max) {
      findings.problem(field, "must have at most " + max + " entries (has " + list.size() + ")");
    }
  }

  static boolean isDnsLabel(String value) {
    return value != null && value.length() <= 63 && DNS1123_LABEL.matcher(value).matches();
  }

  static boolean isDnsSubdomain(String value) {
    return value != null && value.length() <= 253 && DNS1123_SUBDOMAIN.matcher(value).matches();
  }

  static void dnsLabel(Findings findings, String field, String value) {
    if (present(findings, field, value) && !isDnsLabel(value)) {
      findings.problem(field, "'" + value + "' is not a DNS-1123 label: lowercase letters, digits and '-', "
          + "starting and ending with a letter or digit, at most 63 characters");
    }
  }

  static void dnsSubdomain(Findings findings, String field, String value) {
    if (present(findings, field, value) && !isDnsSubdomain(value)) {
      findings.problem(field, "'" + value + "' is not a DNS-1123 subdomain: lowercase letters, digits, '-' "
          + "and '.', starting and ending with a letter or digit, at most 253 characters");
    }
  }

  /** Reports a missing or empty value; true when there is a value to check further. */
  static boolean present(Findings findings, String field, String value) {
    if (value == null) {
      findings.problem(field, "is required");
    } else if (value.isEmpty()) {
      findings.problem(field, "must not be empty");
    }
    return value != null && !value.isEmpty();
  }

  static void secretKeyRef(Findings findings, String field, SecretKeyRef ref) {
    if (ref == null) {
      return;
    }
    dnsSubdomain(findings, field + ".name", ref.getName());
    String key = ref.getKey();
    if (present(findings, field + ".key", key) && (key.length() > 253 || !SECRET_KEY.matcher(key).matches())) {
      findings.problem(field + ".key", "'" + key + "' is not a Secret key: letters, digits, '-', '_' and '.', "
          + "at most 253 characters");
    }
  }

  /** Labels as Kubernetes accepts them, so that writing them later cannot fail. */
  static void labels(Findings findings, String field, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach((key, value) -> {
      metadataKey(findings, field, key);
      labelValue(findings, field + "[" + key + "]", value);
    });
  }

  static void annotations(Findings findings, String field, Map<String, String> annotations) {
    if (annotations != null) {
      annotations.forEach((key, value) -> metadataKey(findings, field, key));
    }
  }

  static void metadataKey(Findings findings, String field, String key) {
    if (key == null || key.isEmpty()) {
      findings.problem(field, "has an empty key");
      return;
    }
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = key.substring(slash + 1);
    if ((prefix != null && !isDnsSubdomain(prefix))
        || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      findings.problem(field, "key '" + key + "' is not a valid label or annotation key: an optional DNS-1123 "
          + "subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending "
          + "with a letter or digit");
    }
  }

  static void labelValue(Findings findings, String field, String value) {
    if (value == null) {
      findings.problem(field, "must be a string, not null");
    } else if (!value.isEmpty() && (value.length() > 63 || !QUALIFIED_NAME.matcher(value).matches())) {
      findings.problem(field, "'" + value + "' is not a valid label value: at most 63 letters, digits, '-', '_' "
          + "and '.', starting and ending with a letter or digit");
    }
  }
}
