package io.myblog.service.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * quarkus-rest-csrf's token cookie goes only on answers no cache may keep (Cache-Control: no-store, as every page with a
 * form is). The library makes a token on every safe request of any path (its create-token-path names exact paths, and
 * the editor's hold an article's id), so an API read or a cacheable page would carry a Set-Cookie: a cost on every read,
 * and a cache on the way could keep one token and hand it to every reader, which is the token an attacker then knows.
 */
@ApplicationScoped
public class FormTokenCookie {

    private final String name;

    FormTokenCookie(@ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token") String name) {
        this.name = name;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(done -> {
            var cacheControl = ctx.response().headers().get(HttpHeaders.CACHE_CONTROL);
            if (cacheControl == null || !cacheControl.contains("no-store")) {
                ctx.response().removeCookie(name, false); // the cookie never leaves; one a browser holds stays
            }
        });
        ctx.next();
    }
}
