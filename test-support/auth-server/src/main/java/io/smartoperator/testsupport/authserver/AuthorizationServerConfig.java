package io.smartoperator.testsupport.authserver;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    /** SAS's endpoints, RFC 7591 dynamic client registration included (it is off by default). */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegistrationRequestValidator validator,
            PasswordEncoder passwordEncoder, ClientInformationResponses responses) throws Exception {
        http.oauth2AuthorizationServer(authorizationServer -> {
            http.securityMatcher(authorizationServer.getEndpointsMatcher());
            authorizationServer.clientRegistrationEndpoint(registration -> registration
                    .authenticationProviders(providers -> providers.forEach(provider -> {
                        if (provider instanceof OAuth2ClientRegistrationAuthenticationProvider registrationProvider) {
                            registrationProvider.setAuthenticationValidator(validator);
                            registrationProvider.setPasswordEncoder(passwordEncoder);
                        }
                    }))
                    // the RFC 7592 pair (registration_access_token, registration_client_uri) goes into the answer
                    .clientRegistrationResponseHandler((request, response, authentication) ->
                            responses.writeClientInformation(request, response, HttpStatus.CREATED,
                                    ((OAuth2ClientRegistrationAuthenticationToken) authentication)
                                            .getClientRegistration().getClaims(),
                                    null)));
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                // initial access tokens arrive as Bearer JWTs
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /** RFC 7592, which SAS lacks; {@link ClientConfigurationEndpoint} checks the registration access token. */
    @Bean
    @Order(2)
    SecurityFilterChain clientConfigurationChain(HttpSecurity http) throws Exception {
        http.securityMatcher(ClientInformationResponses.REGISTRATION_ENDPOINT + "/*")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Nothing else is served. */
    @Bean
    @Order(3)
    SecurityFilterChain denyEverythingElseChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                .requestMatchers("/error").permitAll()
                .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthServerProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (!properties.issuer().isEmpty()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RemovableRegisteredClientRepository registeredClientRepository(AuthServerProperties properties,
            PasswordEncoder passwordEncoder) {
        RegisteredClient admin = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(properties.adminClientId())
                .clientSecret(passwordEncoder.encode(properties.adminClientSecret()))
                .clientName("dynamic client registration administrator")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("client.create")
                .scope("client.read")
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.initialAccessTokenTimeToLive()).build())
                .build();
        return new RemovableRegisteredClientRepository(admin);
    }

    @Bean
    ClientTrackingAuthorizationService authorizationService(AuthServerProperties properties) {
        return new ClientTrackingAuthorizationService(properties.reusableInitialAccessTokens());
    }

    @Bean
    RegistrationAccessTokens registrationAccessTokens() {
        return new RegistrationAccessTokens();
    }

    @Bean
    ClientInformationResponses clientInformationResponses(AuthServerProperties properties,
            RegistrationAccessTokens registrationAccessTokens) {
        return new ClientInformationResponses(properties, registrationAccessTokens);
    }

    @Bean
    RegistrationRequestValidator registrationRequestValidator(AuthServerProperties properties) {
        return new RegistrationRequestValidator(properties.acceptRegistrationScopes());
    }

    /** A fresh signing key per run: tokens of one test run mean nothing to the next. */
    @Bean
    JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
                .privateKey((RSAPrivateKey) keyPair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }
}
