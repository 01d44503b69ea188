package io.smartoperator.crd;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, for tests that read the repository rather than the classpath. */
public final class ProjectPaths {
  private ProjectPaths() {}

  /** The project root: Surefire's {@code basedir}, else the nearest directory upwards with a pom.xml (IDE runs). */
  public static Path root() {
    String basedir = System.getProperty("basedir");
    if (basedir != null && !basedir.isBlank()) {
      return Path.of(basedir).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Where the fabric8 CRD generator writes during {@code process-classes}. */
  public static Path generatedCrds() {
    return root().resolve("target/classes/META-INF/fabric8");
  }

  /** The committed copies users apply with {@code kubectl apply -f crds/}. */
  public static Path committedCrds() {
    return root().resolve("crds");
  }

  public static Path examples() {
    return root().resolve("examples");
  }
}
