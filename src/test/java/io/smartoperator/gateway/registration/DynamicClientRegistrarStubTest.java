package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers real servers rarely give on demand, from a stub on the loopback interface. */
class DynamicClientRegistrarStubTest {
  static final String SECRET = "the-client-secret-value";
  static final String TOKEN = "the-registration-access-token";

  HttpServer stub;
  final AtomicInteger calls = new AtomicInteger();
  volatile int status;
  volatile String body;
  volatile String contentType = "application/json";
  volatile Duration delay = Duration.ZERO;
  final DynamicClientRegistrar registrar = new DynamicClientRegistrar(Duration.ofSeconds(2));

  @BeforeEach
  void start() throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/", this::answer);
    stub.start();
  }

  @AfterEach
  void stop() {
    stub.stop(0);
  }

  void answer(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + stub.getAddress().getPort() + path);
  }

  RegisteredClient managed() {
    return new RegisteredClient("client-1", SECRET, TOKEN, uri("/register/client-1"));
  }

  void answer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  static ClientRequest backendService() {
    return new ClientRequest("Export", List.of(), "system/Patient.rs", List.of("client_credentials"),
        "client_secret_basic", null);
  }

  @Test
  void deleteAnswered204IsDeleted() throws Exception {
    answer(204, null);
    assertThat(registrar.delete(managed())).isEqualTo(DeleteOutcome.DELETED);
  }

  @Test
  void deleteAnswered404IsAlreadyGone() throws Exception {
    answer(404, null);
    assertThat(registrar.delete(managed())).isEqualTo(DeleteOutcome.ALREADY_GONE);
  }

  @Test
  void deleteAnswered405IsNotSupported() throws Exception {
    answer(405, null);
    assertThat(registrar.delete(managed())).isEqualTo(DeleteOutcome.NOT_SUPPORTED);
  }

  @Test
  void deleteAnswered500IsARetryableError() {
    answer(500, "<html>oops</html>");
    contentType = "text/html";

    RegistrationException failed = catchThrowableOfType(RegistrationException.class, () -> registrar.delete(managed()));

    assertThat(failed.retryable()).isTrue();
    assertThat(failed.httpStatus()).isEqualTo(500);
    assertThat(failed.error()).isEqualTo("server_error");
  }

  @Test
  void createOnlyRegistrationIsNotDeletedAndNotCalled() throws Exception {
    answer(201, "{\"client_id\":\"client-1\",\"client_secret\":\"" + SECRET + "\"}");
    RegisteredClient createOnly = registrar.register(uri("/register"), "iat", backendService());
    assertThat(createOnly.supportsManagement()).isFalse();
    assertThat(createOnly.clientSecret()).isEqualTo(SECRET);
    int callsSoFar = calls.get();

    assertThat(registrar.delete(createOnly)).isEqualTo(DeleteOutcome.NOT_SUPPORTED);
    RegistrationException update = catchThrowableOfType(RegistrationException.class,
        () -> registrar.update(createOnly, backendService()));

    assertThat(calls.get()).isEqualTo(callsSoFar);
    assertThat(update.error()).isEqualTo("management_not_supported");
    assertThat(update.retryable()).isFalse();
  }

  @Test
  void tooManyRequestsIsRetryable() {
    answer(429, "{\"error\":\"slow_down\",\"error_description\":\"try later\"}");

    RegistrationException failed = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(uri("/register"), "iat", backendService()));

    assertThat(failed.retryable()).isTrue();
    assertThat(failed.getMessage()).isEqualTo("slow_down: try later (HTTP 429)");
  }

  @Test
  void secretsEchoedByTheServerAreBlankedOut() {
    answer(400, "{\"error\":\"invalid_request\",\"error_description\":\"client_secret " + SECRET
        + " does not go with token " + TOKEN + "\"}");

    RegistrationException failed = catchThrowableOfType(RegistrationException.class,
        () -> registrar.update(managed(), backendService()));

    assertThat(failed.retryable()).isFalse();
    assertThat(failed.error()).isEqualTo("invalid_request");
    assertThat(failed.getMessage()).doesNotContain(SECRET).doesNotContain(TOKEN).contains("(hidden)");
    assertThat(failed.errorDescription()).doesNotContain(SECRET).doesNotContain(TOKEN);
  }

  @Test
  void unparsableSuccessIsNotRetryableAndQuotesNothing() {
    answer(201, "{\"client_secret\":\"" + SECRET + "\"}");

    RegistrationException failed = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(uri("/register"), "iat", backendService()));

    assertThat(failed.error()).isEqualTo("invalid_response");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void slowServerTimesOutAndIsRetryable() {
    DynamicClientRegistrar impatient = new DynamicClientRegistrar(Duration.ofMillis(300));
    delay = Duration.ofSeconds(2);
    answer(201, "{\"client_id\":\"late\"}");

    RegistrationException failed = catchThrowableOfType(RegistrationException.class,
        () -> impatient.register(uri("/register"), "iat", backendService()));

    assertThat(failed.error()).isEqualTo("timeout");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.httpStatus()).isEqualTo(RegistrationException.NO_HTTP_STATUS);
  }

  @Test
  void readKeepsTheKnownSecretAndTakesARotatedToken() throws Exception {
    answer(200, "{\"client_id\":\"client-1\",\"client_secret\":\"{bcrypt}$2a$10$hash\","
        + "\"registration_access_token\":\"rotated\",\"registration_client_uri\":\"" + uri("/register/client-1")
        + "\",\"client_name\":\"Export\",\"grant_types\":[\"client_credentials\"]}");

    RegisteredClient read = registrar.read(managed());

    assertThat(read.clientSecret()).isEqualTo(SECRET);
    assertThat(read.registrationAccessToken()).isEqualTo("rotated");
  }

  @Test
  void answerAboutAnotherClientIsRefused() {
    answer(200, "{\"client_id\":\"someone-else\"}");

    RegistrationException failed = catchThrowableOfType(RegistrationException.class,
        () -> registrar.read(managed()));

    assertThat(failed.error()).isEqualTo("invalid_response");
  }
}
