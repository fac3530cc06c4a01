package io.myblog.blog;

import io.myblog.account.Caller;
import io.smallrye.mutiny.Uni;
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
 * straight into the view records, so no entity is tracked for a flush that never comes. The API's read by id and
 * create, the hot paths, run on the reactive client ({@link ReactiveArticleStatements}); updates and deletes are
 * Hibernate, in a transaction.
 */
@ApplicationScoped
public class ArticleService {

    /** Numbered pages reach this many items deep at most; past it, only cursors (each page costs the same). */
    public static final int MAX_OFFSET = 10_000;

    private final ArticleRepository articles;
    private final ArticleStatements statements;
    private final ReactiveArticleStatements reactive;
    private final Event<ArticlesChanged> changed;

    ArticleService(ArticleRepository articles, ArticleStatements statements, ReactiveArticleStatements reactive,
            Event<ArticlesChanged> changed) {
        this.articles = articles;
        this.statements = statements;
        this.reactive = reactive;
        this.changed = changed;
    }

    /**
     * A page of articles newest first, resuming after {@code cursor} (null: the first page); with a {@code query},
     * only articles whose title holds all of its words ({@link TitleTerms}).
     *
     * @throws InvalidCursor if the cursor is not one this service returned for the same query
     */
    public ArticlePage newest(String query, String cursor, int size) {
        var terms = TitleTerms.ofQuery(query);
        var after = cursor == null ? ArticleCursor.first(terms) : ArticleCursor.decode(cursor, terms);
        return read(query, terms, after, 0, size);
    }

    /**
     * Numbered page {@code page} (from 0), for clients of the first API; its {@code next} is a cursor.
     *
     * @throws PageTooDeep if the page starts past {@link #MAX_OFFSET}
     */
    public ArticlePage numbered(String query, int page, int size) {
        long offset = (long) page * size; // long: page * size never overflows before the check
        if (offset > MAX_OFFSET) {
            throw new PageTooDeep(page, size);
        }
        var terms = TitleTerms.ofQuery(query);
        return read(query, terms, ArticleCursor.first(terms), (int) offset, size);
    }

    private ArticlePage read(String query, List<String> terms, ArticleCursor after, int offset, int size) {
        if (query != null && !query.isBlank() && terms.isEmpty()) {
            return new ArticlePage(List.of(), Optional.empty()); // only punctuation: no title holds it as a word
        }
        var items = articles.newestAfter(terms, after, offset, size + 1); // one more tells whether a next page exists
        if (items.size() <= size) {
            return new ArticlePage(items, Optional.empty());
        }
        var page = items.subList(0, size);
        return new ArticlePage(page, Optional.of(ArticleCursor.after(page.get(size - 1), terms).encode()));
    }

    /** {@link #newest} in a transaction of its own: the index cache calls it off the request, with no session there. */
    @Transactional
    public ArticlePage newestForPage(String query, String cursor, int size) {
        return newest(query, cursor, size);
    }

    public Optional<ArticleView> find(long id) {
        return statements.find(id);
    }

    /** {@link #find} without blocking the calling thread: the API's read by id, served on the I/O thread. */
    public Uni<Optional<ArticleView>> read(long id) {
        return reactive.find(id);
    }

    /**
     * Two autocommit statements, no transaction, on the I/O thread: the observers of {@link ArticlesChanged} run once
     * both are done.
     */
    public Uni<ArticleView> create(ArticleInput input, Caller author) {
        return reactive.create(input.title(), input.content(), author.name(), now())
                .invoke(created -> changed.fire(new ArticlesChanged(created.id())));
    }

    /**
     * Replaces an article's fields if the caller may change it and read its current version: {@code ifMatch} must
     * accept the current version (412 otherwise), and so must the body's {@code version} when sent (409 otherwise). A
     * concurrent writer that passed the same checks still loses with 409. The author stays the one who created it.
     */
    @Transactional
    public ArticleView update(long id, ArticleInput input, LongPredicate ifMatch, Caller caller) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (!caller.mayChange(article.author)) {
            throw new NotYourArticle(id);
        }
        if (!ifMatch.test(article.version)) {
            throw new ArticlePreconditionFailed(id, article.version);
        }
        if (input.version() != null && article.version != input.version()) {
            throw new StaleArticleVersion(id, input.version(), article.version);
        }
        boolean retitled = !article.title.equals(input.title());
        copy(input, article);
        article.updatedAt = now();
        articles.flush();
        if (retitled) {
            articles.reindexTitle(article, TitleTerms.ofTitle(article.title));
        }
        changed.fire(new ArticlesChanged(id));
        return ArticleView.of(article);
    }

    @Transactional
    public void delete(long id, Caller caller) {
        var article = articles.findByIdOptional(id).orElseThrow(() -> new ArticleNotFound(id));
        if (!caller.mayChange(article.author)) {
            throw new NotYourArticle(id);
        }
        articles.delete(article); // its title index goes with it (ON DELETE CASCADE)
        changed.fire(new ArticlesChanged(id));
    }

    private static void copy(ArticleInput input, Article article) {
        article.title = input.title();
        article.content = input.content();
        article.excerpt = ArticleSummary.excerptOf(input.content());
    }

    /**
     * Whole seconds: MySQL Connector/J takes MariaDB ({@code 5.5.5-10.11…}) for MySQL 5.5 and drops the fraction when
     * it writes, so only whole seconds read back the same on MySQL 8 and MariaDB, in responses and in cursors.
     */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
