package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientRequestTest {
  static final ClientRequest GROWTH_CHART = new ClientRequest("Growth Chart",
      List.of("https://growth.example.org/callback", "com.example.growth:/cb"),
      "launch openid fhirUser patient/Observation.rs offline_access",
      List.of("authorization_code", "refresh_token"), "none", "https://growth.example.org/launch");

  @Test
  void hashIsAFixedValueForFixedMetadata() {
    // computed apart from this code, from the encoding hash() documents; a change of this value
    // re-registers every client once: change the encoding only on purpose
    assertThat(GROWTH_CHART.hash())
        .isEqualTo("77069718956bda415beae2c3dca040ecf1f0966f10d036a6e81db20a5919739c")
        .hasSize(64);
  }

  @Test
  void hashIgnoresOrderAndDuplicatesWhereServersDo() {
    ClientRequest shuffled = new ClientRequest("Growth Chart",
        List.of("com.example.growth:/cb", "https://growth.example.org/callback", "com.example.growth:/cb"),
        "  offline_access patient/Observation.rs fhirUser  openid launch launch",
        List.of("refresh_token", "authorization_code"), "none", "https://growth.example.org/launch");

    assertThat(shuffled.hash()).isEqualTo(GROWTH_CHART.hash());
  }

  @Test
  void hashChangesWithEveryField() {
    List<ClientRequest> variants = List.of(
        new ClientRequest("Growth Charts", GROWTH_CHART.redirectUris(), GROWTH_CHART.scope(),
            GROWTH_CHART.grantTypes(), "none", GROWTH_CHART.launchUri()),
        new ClientRequest("Growth Chart", List.of("https://growth.example.org/callback"), GROWTH_CHART.scope(),
            GROWTH_CHART.grantTypes(), "none", GROWTH_CHART.launchUri()),
        new ClientRequest("Growth Chart", GROWTH_CHART.redirectUris(), "launch openid fhirUser patient/Observation.rs",
            GROWTH_CHART.grantTypes(), "none", GROWTH_CHART.launchUri()),
        new ClientRequest("Growth Chart", GROWTH_CHART.redirectUris(), GROWTH_CHART.scope(),
            List.of("authorization_code"), "none", GROWTH_CHART.launchUri()),
        new ClientRequest("Growth Chart", GROWTH_CHART.redirectUris(), GROWTH_CHART.scope(),
            GROWTH_CHART.grantTypes(), "client_secret_basic", GROWTH_CHART.launchUri()),
        new ClientRequest("Growth Chart", GROWTH_CHART.redirectUris(), GROWTH_CHART.scope(),
            GROWTH_CHART.grantTypes(), "none", "https://growth.example.org/launch2"),
        new ClientRequest("Growth Chart", GROWTH_CHART.redirectUris(), GROWTH_CHART.scope(),
            GROWTH_CHART.grantTypes(), "none", null));

    List<String> hashes = new ArrayList<>(variants.stream().map(ClientRequest::hash).toList());
    hashes.add(GROWTH_CHART.hash());
    assertThat(hashes).doesNotHaveDuplicates();
  }

  @Test
  void hashDoesNotConfuseWhereOneValueEndsAndTheNextBegins() {
    ClientRequest a = new ClientRequest("a b", List.of(), null, List.of(), null, null);
    ClientRequest b = new ClientRequest("a", List.of(), "b", List.of(), null, null);
    ClientRequest absent = new ClientRequest(null, null, null, null, null, null);
    ClientRequest empty = new ClientRequest("", List.of(), "", List.of(), "", "");

    assertThat(a.hash()).isNotEqualTo(b.hash());
    assertThat(absent.hash()).isNotEqualTo(empty.hash());
    assertThat(absent.hash()).isEqualTo(new ClientRequest(null, List.of(), null, List.of(), null, null).hash());
  }

  @Test
  void wireFormHasRfc7591NamesAndTheLaunchUri() {
    ClientMetadata metadata = GROWTH_CHART.toClientMetadata();
    var json = metadata.toJSONObject();

    assertThat(json).containsEntry("client_name", "Growth Chart")
        .containsEntry("token_endpoint_auth_method", "none")
        .containsEntry("smart_launch_uri", "https://growth.example.org/launch");
    assertThat(json.get("redirect_uris")).asInstanceOf(LIST)
        .containsExactly("https://growth.example.org/callback", "com.example.growth:/cb");
    assertThat(json.get("grant_types")).asInstanceOf(LIST).containsExactly("authorization_code", "refresh_token");
    assertThat(json.get("response_types")).asInstanceOf(LIST).containsExactly("code");
    assertThat(json.get("scope").toString().split(" "))
        .containsExactlyInAnyOrder("launch", "openid", "fhirUser", "patient/Observation.rs", "offline_access");
  }

  @Test
  void backendServiceAsksForNoResponseType() {
    var json = new ClientRequest("Export", List.of(), "system/Patient.rs", List.of("client_credentials"),
        "client_secret_basic", null).toClientMetadata().toJSONObject();

    assertThat(json.get("grant_types")).asInstanceOf(LIST).containsExactly("client_credentials");
    assertThat(json).doesNotContainKeys("response_types", "redirect_uris", "smart_launch_uri");
  }

  @Test
  void serverViewReadsBackIntoTheSameShape() {
    ClientRequest roundTrip = ClientRequest.fromClientMetadata(GROWTH_CHART.toClientMetadata());

    assertThat(roundTrip.hash()).isEqualTo(GROWTH_CHART.hash());
  }
}
