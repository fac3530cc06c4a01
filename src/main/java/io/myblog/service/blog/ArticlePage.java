package io.myblog.service.blog;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, newest first: the API and the HTML pages both read this. {@code next} is the opaque cursor
 * that resumes right after the last item, absent on the last page.
 */
public record ArticlePage(List<ArticleSummary> items, Optional<String> next) {
}
