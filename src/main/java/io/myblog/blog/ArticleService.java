package io.myblog.blog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

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

    /**
     * One page of summaries, newest first, and whether older ones follow (read as one extra row, not a count).
     * Transactional because the index cache calls it off the request, where no request-scoped session exists.
     */
    @Transactional
    public SummaryPage summaries(int page, int size, String titleContains) {
        int first = page * size;
        var items = articles.newestFirst(titleContains).range(first, first + size).project(ArticleSummary.class).list();
        return items.size() > size ? new SummaryPage(items.subList(0, size), true) : new SummaryPage(items, false);
    }

    public Optional<ArticleView> find(long id) {
        return articles.find("id", id).project(ArticleView.class).firstResultOptional();
    }

    @Transactional
    public ArticleView create(ArticleInput input) {
        var article = new Article();
        copy(input, article);
        article.createdAt = now();
        article.updatedAt = article.createdAt;
        articles.persistAndFlush(article);
        changed.fire(new ArticlesChanged(article.id));
        return ArticleView.of(article);
    }

    /**
     * Replaces an article's fields if the client read its current version: {@code ifMatch} must accept the current
     * version (412 otherwise), and so must the body's {@code version} when sent (409 otherwise). A concurrent writer
     * that passed the same checks still loses with 409.
     */
    @Transactional
    public ArticleView update(long id, ArticleInput input, LongPredicate ifMatch) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (!ifMatch.test(article.version)) {
            throw new ArticlePreconditionFailed(id, article.version);
        }
        if (input.version() != null && article.version != input.version()) {
            throw new StaleArticleVersion(id, input.version(), article.version);
        }
        copy(input, article);
        article.updatedAt = now();
        articles.flush();
        changed.fire(new ArticlesChanged(id));
        return ArticleView.of(article);
    }

    @Transactional
    public void delete(long id) {
        if (!articles.deleteById(id)) {
            throw new ArticleNotFound(id);
        }
        changed.fire(new ArticlesChanged(id));
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
