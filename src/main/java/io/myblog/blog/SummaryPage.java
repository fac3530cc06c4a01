package io.myblog.blog;

import java.util.List;

/** One page of the index: summaries newest first, and whether older articles follow. */
public record SummaryPage(List<ArticleSummary> items, boolean hasOlder) {
}
