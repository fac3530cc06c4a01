package io.myblog.blog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The blog's use cases; knows nothing of HTTP. */
@ApplicationScoped
public class ArticleService {

    private final ArticleRepository articles;

    ArticleService(ArticleRepository articles) {
        this.articles = articles;
    }

    @Transactional
    public ArticlePage page(int page, int size, String titleContains) {
        var query = articles.newestFirst(titleContains).page(page, size);
        List<ArticleView> items = query.list().stream().map(ArticleView::of).toList();
        return new ArticlePage(items, page, size, query.count());
    }

    @Transactional
    public List<ArticleView> newest(int count) {
        return articles.newestFirst(null).page(0, count).list().stream().map(ArticleView::of).toList();
    }

    @Transactional
    public Optional<ArticleView> find(long id) {
        return articles.findByIdOptional(id).map(ArticleView::of);
    }

    @Transactional
    public ArticleView create(ArticleInput input) {
        var article = new Article();
        copy(input, article);
        article.createdAt = now();
        article.updatedAt = article.createdAt;
        articles.persistAndFlush(article);
        return ArticleView.of(article);
    }

    /** Replaces an article's fields if the client read its current version; a concurrent writer still loses with 409. */
    @Transactional
    public ArticleView update(long id, ArticleInput input) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (article.version != input.version()) {
            throw new StaleArticleVersion(id, input.version(), article.version);
        }
        copy(input, article);
        article.updatedAt = now();
        articles.flush();
        return ArticleView.of(article);
    }

    @Transactional
    public void delete(long id) {
        if (!articles.deleteById(id)) {
            throw new ArticleNotFound(id);
        }
    }

    private static void copy(ArticleInput input, Article article) {
        article.title = input.title();
        article.content = input.content();
        article.author = input.author();
    }

    /** Truncated to what DATETIME(6) stores, so a response shows exactly what a later read returns. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
