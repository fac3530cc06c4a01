package io.myblog.service.problem;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A form post that another site sent, or one without this browser's CSRF token, is refused with 403 and an HTML page
 * (a form comes from a browser). The token itself is quarkus-rest-csrf's (double-submit cookie); it answers a refusal
 * with a bare 400, which this turns into the page. Before it, a post whose Origin is another site's is refused
 * whatever it carries: what a browser says of the sender is one more check that needs no token.
 */
public class RefusedForms {

    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String DETAIL = "This form was not sent from a page of this blog, or its page is too old. "
            + "Open the page again and send the form from there.";

    /**
     * Outside the pages a form type on a request without a body is only a client's default (RestAssured's; HTTP
     * libraries that set it for every POST): no form is sent, so there is no token to check, and the API, whose
     * credentials no browser attaches by itself except Basic, which this check would not stop either, answers as
     * before. Removed before quarkus-rest-csrf, which refuses a form type without a body.
     */
    @ServerRequestFilter(preMatching = true)
    public void noFormOutsideThePages(ContainerRequestContext request) {
        var length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean bodiless = request.getHeaderString("Transfer-Encoding") == null && (length == null || length.equals("0"));
        if (bodiless && isForm(request) && !request.getUriInfo().getPath().startsWith("/blog/")) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION - 100)
    public Optional<Response> crossSite(ContainerRequestContext request, UriInfo uri) {
        if (!isForm(request)) {
            return Optional.empty();
        }
        var origin = request.getHeaderString("Origin");
        var fetchSite = request.getHeaderString("Sec-Fetch-Site");
        // Origin "null" is no evidence: under our Referrer-Policy no-referrer, Chromium sends it for our own forms too
        boolean crossSite = "cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite)
                || origin != null && !"null".equals(origin) && !sameOrigin(origin, uri.getBaseUri());
        return crossSite ? Optional.of(refusal()) : Optional.empty();
    }

    /** quarkus-rest-csrf's refusal: a 400 without a body, for a form post; our own 400s always carry a problem. */
    @ServerResponseFilter
    public void missingToken(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 400 && !response.hasEntity() && isForm(request)) {
            response.setStatus(403);
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
            response.setEntity(page());
        }
    }

    private static boolean isForm(ContainerRequestContext request) {
        var type = request.getMediaType();
        return !SAFE.contains(request.getMethod()) && type != null
                && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE) || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
    }

    /** Scheme, host and port of {@code origin} are this request's (the forwarded ones behind a trusted proxy). */
    static boolean sameOrigin(String origin, URI base) {
        try {
            var from = URI.create(origin);
            return base.getScheme().equalsIgnoreCase(from.getScheme()) && base.getHost().equalsIgnoreCase(from.getHost())
                    && port(base) == port(from);
        } catch (IllegalArgumentException | NullPointerException e) { // no URL at all
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Response refusal() {
        return Response.status(403).type("text/html;charset=UTF-8").entity(page()).build();
    }

    private static String page() {
        return new ProblemPage(Problem.of(403, "Forbidden", DETAIL)).render();
    }
}
