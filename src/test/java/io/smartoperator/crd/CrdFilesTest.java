package io.smartoperator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * crds/ is what users apply, so it must be byte for byte what the build generates from the API
 * classes. With {@code -Dcrds.update=true} the test refreshes crds/ instead of failing.
 */
class CrdFilesTest {
  static final String UPDATE_PROPERTY = "crds.update";
  static final String UPDATE_COMMAND =
      "mvn -B test -Dtest='io.smartoperator.crd.CrdFilesTest' -Dcrds.update=true";
  /** Files in crds/ that are not CRDs. */
  static final Set<String> NOT_CRDS = Set.of("README.md");

  @Test
  void committedCrdsAreExactlyTheGeneratedOnes() throws IOException {
    Path generated = ProjectPaths.generatedCrds();
    Path committed = ProjectPaths.committedCrds();
    Set<String> generatedNames = names(generated);
    assertThat(generatedNames).as("CRDs generated into %s (does process-classes run?)", generated).isNotEmpty();

    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      refresh(generated, committed, generatedNames);
    }

    Set<String> committedNames = Files.isDirectory(committed) ? names(committed) : Set.of();
    Set<String> missing = new TreeSet<>(generatedNames);
    missing.removeAll(committedNames);
    Set<String> extra = new TreeSet<>(committedNames);
    extra.removeAll(generatedNames);
    List<String> differing = generatedNames.stream().filter(committedNames::contains)
        .filter(name -> !sameBytes(generated.resolve(name), committed.resolve(name))).toList();

    if (!missing.isEmpty() || !extra.isEmpty() || !differing.isEmpty()) {
      fail("crds/ is out of date with the API classes (missing: %s, not generated: %s, different: %s).%n"
          + "Regenerate and copy with:%n  %s%nthen commit crds/.", missing, extra, differing, UPDATE_COMMAND);
    }
  }

  /** Copies every generated CRD and removes stale CRD files; other stray files are left for a human. */
  private static void refresh(Path generated, Path committed, Set<String> generatedNames) throws IOException {
    Files.createDirectories(committed);
    for (String name : generatedNames) {
      Files.copy(generated.resolve(name), committed.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    for (String name : names(committed)) {
      if (!generatedNames.contains(name) && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
        Files.delete(committed.resolve(name));
      }
    }
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(name -> !NOT_CRDS.contains(name)).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static boolean sameBytes(Path a, Path b) {
    try {
      return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
