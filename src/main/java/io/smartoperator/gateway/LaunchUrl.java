package io.smartoperator.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An app's launch URL on a gateway: its launchUri with {@code iss} set to the FHIR base URL. */
public final class LaunchUrl {
  private LaunchUrl() {}

  /** Keeps the launchUri's own query; an {@code iss} already there is replaced. */
  public static String of(String launchUri, String fhirBaseUrl) {
    if (launchUri == null || launchUri.isEmpty() || fhirBaseUrl == null) {
      return null;
    }
    String iss = "iss=" + URLEncoder.encode(fhirBaseUrl, StandardCharsets.UTF_8);
    int q = launchUri.indexOf('?');
    if (q < 0) {
      return launchUri + "?" + iss;
    }
    List<String> params = new ArrayList<>();
    for (String p : launchUri.substring(q + 1).split("&")) {
      if (!p.isEmpty() && !p.equals("iss") && !p.startsWith("iss=")) {
        params.add(p);
      }
    }
    params.add(iss);
    return launchUri.substring(0, q) + "?" + String.join("&", params);
  }
}
