package io.myblog.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.jsoup.Jsoup;

/** A page's form as a browser holds it: the CSRF cookie the page set and the token in its hidden field. */
public record Forms(String cookie, String token, String html) {

    public static final String CSRF = "csrf-token";

    /** Opens {@code path} with {@code cookies} (a browser's) and reads its form's token. */
    public static Forms open(String path, Map<String, String> cookies) {
        var page = given().cookies(cookies).accept("text/html").get(path).then().statusCode(200).extract();
        var html = page.asString();
        var field = Jsoup.parse(html).selectFirst("input[name=" + CSRF + "]");
        var cookie = page.cookie(CSRF) != null ? page.cookie(CSRF) : cookies.get(CSRF);
        return new Forms(cookie, field == null ? null : field.attr("value"), html);
    }

    public static Forms open(String path) {
        return open(path, Map.of());
    }

    /** A form post of this page: its cookie and its token. */
    public RequestSpecification post() {
        return given().cookie(CSRF, cookie).formParam(CSRF, token).contentType("application/x-www-form-urlencoded")
                .accept("text/html").redirects().follow(false);
    }
}
