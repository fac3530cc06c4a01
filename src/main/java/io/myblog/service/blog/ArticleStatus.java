package io.myblog.service.blog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether readers see an article: a draft only its author and admins, a published one everyone. */
public enum ArticleStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("published") PUBLISHED;

    /** The value in the API and in the column {@code article.status}. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ArticleStatus of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
