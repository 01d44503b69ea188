package io.smartoperator.testsupport.authserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Authorization Server that the operator's tests start as a child process
 * ({@code java -jar auth-server.jar --server.port=0}).
 */
@SpringBootApplication
@EnableConfigurationProperties(AuthServerProperties.class)
public class AuthServerApplication {

    /** The line a test parses to learn the port; printed once the server accepts connections. */
    static final String PORT_LINE_PREFIX = "AUTH_SERVER_PORT=";

    public static void main(String[] args) {
        SpringApplication.run(AuthServerApplication.class, args);
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> announcePort() {
        return event -> {
            System.out.println(PORT_LINE_PREFIX + event.getWebServer().getPort());
            System.out.flush();
        };
    }
}
