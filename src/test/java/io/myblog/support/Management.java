package io.myblog.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics, OpenAPI) of the service under test, on the port Quarkus bound. */
public final class Management {

    private Management() {
    }

    /** With {@code quarkus.management.test-port=0}, Quarkus publishes the port it bound under the same name. */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
