package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RegisteredClientTest {

  @Test
  void toStringNamesTheClientButNoCredential() {
    RegisteredClient client = new RegisteredClient("client-1", "s3cr3t-value", "rat-value",
        URI.create("https://auth.example.org/register/client-1"));

    assertThat(client.toString())
        .contains("client-1", "https://auth.example.org/register/client-1")
        .doesNotContain("s3cr3t-value")
        .doesNotContain("rat-value");
  }

  @Test
  void managementNeedsBothTheUriAndTheToken() {
    URI uri = URI.create("https://auth.example.org/register/c");

    assertThat(new RegisteredClient("c", null, "token", uri).supportsManagement()).isTrue();
    assertThat(new RegisteredClient("c", "secret", null, null).supportsManagement()).isFalse();
    assertThat(new RegisteredClient("c", "secret", "token", null).supportsManagement()).isFalse();
    assertThat(new RegisteredClient("c", "secret", " ", uri).supportsManagement()).isFalse();
  }
}
