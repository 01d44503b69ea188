package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartoperator.testing.AuthorizationServerProcess;
import org.junit.jupiter.api.Test;

/** The test server's launcher fails loudly, never skips, when its jar was not built. */
class AuthorizationServerProcessTest {

  @Test
  void missingJarFailsWithTheBuildCommand() {
    String property = "smartoperator.authServerJar";
    String before = System.getProperty(property);
    System.setProperty(property, "test-support/auth-server/target/no-such.jar");
    try {
      assertThatThrownBy(AuthorizationServerProcess::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no-such.jar is missing")
          .hasMessageContaining(AuthorizationServerProcess.BUILD_COMMAND);
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }
}
