package io.smartoperator.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the operator's own validation. */
public final class Patterns {
  public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  public static final String DNS1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final String CLIENT_ID = "^[A-Za-z0-9._~-]{1,128}$";
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  private Patterns() {}
}
