package io.myblog.service.blog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/** Whether readers see an article: a draft only its author and admins, a published one everyone. */
@RegisterForReflection // read and written by Jackson inside ArticleInput and ArticleView, by its @JsonProperty names
public enum ArticleStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("published") PUBLISHED;

    /** The value in the API and in the column {@code article.status}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ArticleStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
