package io.myblog.service.blog;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.regex.Pattern;

/**
 * Scheme and host of absolute links (canonical, feed, sitemap): the request's, or what a trusted proxy forwards
 * ({@code quarkus.http.proxy.*}); a forwarded header from any other client is ignored by Quarkus before this sees it.
 */
public record Origin(String value) {

    /** Stands for the origin in a page kept in memory for every host (the index); escaped content cannot spell it. */
    static final String MARK = "&origin;";

    /** A host name, IPv4 or bracketed IPv6 address, and a port: nothing that could leave an attribute. */
    private static final Pattern AUTHORITY = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");

    public static Origin of(UriInfo uri) {
        var base = uri.getBaseUri();
        var scheme = base.getScheme();
        var authority = base.getRawAuthority();
        if (!("http".equals(scheme) || "https".equals(scheme)) || authority == null
                || !AUTHORITY.matcher(authority).matches()) {
            throw new BadRequestException("The Host header does not name a host");
        }
        return new Origin(scheme + "://" + authority);
    }

    /** {@code path} (starting with /) made absolute. */
    public String url(String path) {
        return value + path;
    }

    /** The page with every {@link #MARK} replaced by this origin. */
    String fill(String page) {
        return page.replace(MARK, value);
    }
}
