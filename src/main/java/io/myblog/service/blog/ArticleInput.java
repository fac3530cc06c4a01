package io.myblog.service.blog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;

/**
 * What a client sends to create or replace an article. {@code version} is ignored on create; on update it must be
 * the version the client read, and is required unless the client sends that version as If-Match instead. There is
 * no author: it is the signed-in account, and an {@code author} in the body is ignored like any unknown field.
 * {@code status} absent: published on create (what clients written before drafts expect), unchanged on update.
 */
public record ArticleInput(
        @NotBlank @Size(max = TITLE_MAX, message = LENGTH) String title,
        @NotBlank @Size(max = CONTENT_MAX, message = LENGTH) String content,
        @NotNull(groups = OnUpdate.class) @PositiveOrZero Long version,
        ArticleStatus status) {

    public static final int TITLE_MAX = 200;
    public static final int CONTENT_MAX = 100_000;
    public static final int AUTHOR_MAX = 100;
    /** The real bounds: @NotBlank already refuses an empty value, so the default "between 0 and …" would mislead. */
    static final String LENGTH = "length must be between 1 and {max} characters";

    /** Validation group for a PUT without If-Match: everything of the default group, plus a required version. */
    public interface OnUpdate extends Default {
    }
}
