package io.smartoperator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppSpec;
import java.util.ArrayList;
import java.util.List;

/** SmartApps as a user would write them. */
public final class Apps {
  private Apps() {}

  public static SmartApp confidential(String ns, String name) {
    SmartApp app = base(ns, name, "confidential");
    app.getSpec().setLaunchUri("https://" + name + ".example.org/launch");
    app.getSpec().setRedirectUris(new ArrayList<>(List.of("https://" + name + ".example.org/callback")));
    app.getSpec().setScopes(new ArrayList<>(List.of("launch", "openid", "fhirUser", "patient/Observation.rs", "offline_access")));
    return app;
  }

  public static SmartApp publicApp(String ns, String name) {
    SmartApp app = confidential(ns, name);
    app.getSpec().setClientType("public");
    return app;
  }

  public static SmartApp backend(String ns, String name) {
    SmartApp app = base(ns, name, "backend-service");
    app.getSpec().setScopes(new ArrayList<>(List.of("system/Patient.rs", "system/Observation.read")));
    return app;
  }

  public static SmartApp withClientId(SmartApp app, String clientId) {
    app.getSpec().setClientId(clientId);
    return app;
  }

  public static SmartApp withExistingSecret(SmartApp app, String secret, String key) {
    Credentials c = new Credentials();
    c.setExistingSecretRef(new SecretKeyRef(secret, key));
    app.getSpec().setCredentials(c);
    return app;
  }

  public static SmartApp withGateway(SmartApp app, String name, String ns) {
    app.getSpec().getGatewayRefs().add(new GatewayRef(name, ns));
    return app;
  }

  private static SmartApp base(String ns, String name, String type) {
    SmartApp app = new SmartApp();
    app.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    SmartAppSpec spec = new SmartAppSpec();
    spec.setDisplayName("App " + name);
    spec.setClientType(type);
    app.setSpec(spec);
    return app;
  }
}
