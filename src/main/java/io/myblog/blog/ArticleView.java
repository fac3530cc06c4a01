package io.myblog.blog;

import java.time.Instant;

/** An article as the API shows it. */
public record ArticleView(
        long id, String title, String content, String author, Instant createdAt, Instant updatedAt, long version) {

    static ArticleView of(Article article) {
        return new ArticleView(article.id, article.title, article.content, article.author,
                article.createdAt, article.updatedAt, article.version);
    }
}
