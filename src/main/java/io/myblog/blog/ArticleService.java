package io.myblog.blog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import io.myblog.account.Caller;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The blog's use cases; knows nothing of HTTP. Reads called from a request run without a JTA transaction: one
 * autocommit statement instead of four round trips (autocommit off, select, commit, autocommit on), and they select
 * straight into the view records, so no entity is tracked for a flush that never comes.
 */
@ApplicationScoped
public class ArticleService {

    private final ArticleRepository articles;
    private final Event<ArticlesChanged> changed;

    ArticleService(ArticleRepository articles, Event<ArticlesChanged> changed) {
        this.articles = articles;
        this.changed = changed;
    }

    public ArticlePage page(int page, int size, String titleContains) {
        var query = articles.newestFirst(titleContains);
        List<ArticleView> items = query.page(page, size).project(ArticleView.class).list();
        return new ArticlePage(items, page, size, query.count());
    }

    /** Transactional because the index cache calls it off the request, where no request-scoped session exists. */
    @Transactional
    public List<ArticleSummary> newestSummaries(int count) {
        return articles.newestFirst(null).page(0, count).project(ArticleSummary.class).list();
    }

    public Optional<ArticleView> find(long id) {
        return articles.find("id", id).project(ArticleView.class).firstResultOptional();
    }

    @Transactional
    public ArticleView create(ArticleInput input, Caller author) {
        var article = new Article();
        copy(input, article);
        article.author = author.name();
        article.createdAt = now();
        article.updatedAt = article.createdAt;
        articles.persistAndFlush(article);
        changed.fire(new ArticlesChanged(article.id));
        return ArticleView.of(article);
    }

    /**
     * Replaces an article's fields if the caller may change it and read its current version; a concurrent writer still
     * loses with 409. The author stays the one who created it.
     */
    @Transactional
    public ArticleView update(long id, ArticleInput input, Caller caller) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (!caller.mayChange(article.author)) {
            throw new NotYourArticle(id);
        }
        if (article.version != input.version()) {
            throw new StaleArticleVersion(id, input.version(), article.version);
        }
        copy(input, article);
        article.updatedAt = now();
        articles.flush();
        changed.fire(new ArticlesChanged(id));
        return ArticleView.of(article);
    }

    @Transactional
    public void delete(long id, Caller caller) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (!caller.mayChange(article.author)) {
            throw new NotYourArticle(id);
        }
        articles.delete(article);
        changed.fire(new ArticlesChanged(id));
    }

    private static void copy(ArticleInput input, Article article) {
        article.title = input.title();
        article.content = input.content();
    }

    /** Truncated to what DATETIME(6) stores, so a response shows exactly what a later read returns. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
