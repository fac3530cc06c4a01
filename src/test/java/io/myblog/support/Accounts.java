package io.myblog.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Accounts for the HTTP tests: the admin the test profile sets up, and authors made through the API. */
public final class Accounts {

    public static final String ADMIN = "admin";
    public static final String AUTHOR_PASSWORD = "Author-Pw-for-tests-7c2e";

    private Accounts() {
    }

    /** The password the service set account admin up with (MYBLOG_ADMIN_PASSWORD, from the test profile). */
    public static String adminPassword() {
        return ConfigProvider.getConfig().getValue("myblog.auth.admin-password", String.class);
    }

    public static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic(ADMIN, adminPassword());
    }

    public static RequestSpecification as(String name) {
        return given().auth().preemptive().basic(name, AUTHOR_PASSWORD);
    }

    /** Creates author {@code name} with {@link #AUTHOR_PASSWORD}, unless it exists. */
    public static void author(String name) {
        asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "password", AUTHOR_PASSWORD, "roles", List.of("author")))
                .post("/api/accounts")
                .then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
    }

    /** Removes every account but the admin, and the names of deleted ones, so each test starts from the same accounts. */
    public static void deleteAllButAdmin(String database) {
        MariaDbServer.get().execute("DELETE FROM " + database + ".account WHERE name <> '" + ADMIN + "'",
                "DELETE FROM " + database + ".retired_account_name");
    }
}
