package io.myblog.service.blog.markdown;

/** An article's Markdown as a page shows it: {@code html} to place as is, {@code text} the same words as plain text. */
public record Rendered(String html, String text) {
}
