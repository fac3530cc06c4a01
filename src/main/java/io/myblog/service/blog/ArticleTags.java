package io.myblog.service.blog;

import jakarta.ws.rs.core.EntityTag;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.function.LongPredicate;

/**
 * Entity tags of an article, from its id and version: every change to an article moves its version, so its tag.
 * The JSON and the HTML page are two representations of it and so carry two tags (RFC 9110, 8.8.3).
 */
final class ArticleTags {

    /** "-md" since pages render Markdown: a copy of the plain-text page (tagged "-html") is no longer current. */
    private static final String PAGE_SUFFIX = "-md";
    /** RFC 9110, 8.8.3: an optional weak prefix and an opaque tag in double quotes. */
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"");

    private ArticleTags() {
    }

    static EntityTag api(long id, long version) {
        return new EntityTag(id + "-" + version);
    }

    static EntityTag page(long id, long version) {
        return new EntityTag(id + "-" + version + PAGE_SUFFIX);
    }

    /**
     * The versions of article {@code id} that an If-Match header accepts: any when absent or {@code *}, else those whose
     * API tag it lists. Strong comparison (RFC 9110, 13.1.1): a weak tag matches nothing. A header that is blank or
     * not a list of entity tags is refused ({@link InvalidIfMatch}), never read as "no condition".
     */
    static LongPredicate ifMatch(long id, String header) {
        if (header == null || header.strip().equals("*")) {
            return version -> true;
        }
        var listed = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        if (header.isBlank() || !listed.stream().allMatch(tag -> ENTITY_TAG.matcher(tag).matches())) {
            throw new InvalidIfMatch();
        }
        return version -> listed.contains(api(id, version).toString());
    }
}
