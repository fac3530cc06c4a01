package io.myblog.service.blog;

import io.myblog.service.account.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The blog's use cases; knows nothing of HTTP or SQL. Every method returns at once with a {@link Uni} completed on
 * the I/O thread by {@link ArticleStore}: the API and the pages read and write articles one way.
 */
@ApplicationScoped
public class ArticleService {

    /** Numbered pages reach this many items deep at most; past it, only cursors (each page costs the same). */
    public static final int MAX_OFFSET = 10_000;

    private final ArticleStore store;
    private final TitleIndexRepair repair;
    private final Event<ArticlesChanged> changed;

    ArticleService(ArticleStore store, TitleIndexRepair repair, Event<ArticlesChanged> changed) {
        this.store = store;
        this.repair = repair;
        this.changed = changed;
    }

    /**
     * A page of articles newest first, resuming after {@code cursor} (null: the first page); with a {@code query},
     * only articles whose title holds all of its words ({@link TitleTerms}).
     *
     * @throws InvalidCursor if the cursor is not one this service returned for the same query
     */
    public Uni<ArticlePage> newest(String query, String cursor, int size) {
        var terms = TitleTerms.ofQuery(query);
        var after = cursor == null ? ArticleCursor.first(terms) : ArticleCursor.decode(cursor, terms);
        return read(query, terms, after, 0, size);
    }

    /**
     * Numbered page {@code page} (from 0), for clients of the first API; its {@code next} is a cursor.
     *
     * @throws PageTooDeep if the page starts past {@link #MAX_OFFSET}
     */
    public Uni<ArticlePage> numbered(String query, int page, int size) {
        long offset = (long) page * size; // long: page * size never overflows before the check
        if (offset > MAX_OFFSET) {
            throw new PageTooDeep(page, size);
        }
        var terms = TitleTerms.ofQuery(query);
        return read(query, terms, ArticleCursor.first(terms), (int) offset, size);
    }

    private Uni<ArticlePage> read(String query, List<String> terms, ArticleCursor after, int offset, int size) {
        if (query != null && !query.isBlank() && terms.isEmpty()) {
            // only punctuation: no title holds it as a word
            return Uni.createFrom().item(new ArticlePage(List.of(), Optional.empty()));
        }
        // one more than a page tells whether a next page exists
        return store.newestAfter(terms, after, offset, size + 1).map(items -> {
            if (items.size() <= size) {
                return new ArticlePage(items, Optional.empty());
            }
            var page = items.subList(0, size);
            return new ArticlePage(page, Optional.of(ArticleCursor.after(page.get(size - 1), terms).encode()));
        });
    }

    /**
     * Article {@code id} if {@code viewer} may read it: a published one anyone, a draft its author or an admin; to
     * anyone else a draft is absent. {@code viewer} (empty: anonymous) is subscribed to for drafts only, so a read of a
     * published article costs no sign-in.
     */
    public Uni<Optional<ArticleView>> find(long id, Uni<Optional<Caller>> viewer) {
        return store.read(id).flatMap(found -> found.isEmpty() || found.get().published()
                ? Uni.createFrom().item(found)
                : viewer.map(caller -> found.filter(draft -> caller.filter(c -> c.mayChange(draft.author())).isPresent())));
    }

    /**
     * Article {@code id} as {@code caller} may change it: the rule of {@link #update} and {@link #delete}, for the page
     * that offers the change.
     *
     * @throws ArticleNotFound if there is none (or it is a draft the caller may not see)
     * @throws NotYourArticle if the caller may not change it
     */
    public Uni<ArticleView> changeable(long id, Caller caller) {
        return store.find(id).map(found -> {
            var article = found.orElseThrow(() -> new ArticleNotFound(id));
            if (!caller.mayChange(article.author())) {
                if (!article.published()) {
                    throw new ArticleNotFound(id);
                }
                throw new NotYourArticle(id);
            }
            return article;
        });
    }

    /** Article {@code id} if it is published. */
    public Uni<Optional<ArticleView>> findPublished(long id) {
        return find(id, Uni.createFrom().item(Optional.empty()));
    }

    /** Two autocommit statements, no transaction: the observers of {@link ArticlesChanged} run once both are done. */
    public Uni<ArticleView> create(ArticleInput input, Caller author) {
        var status = input.status() == null ? ArticleStatus.PUBLISHED : input.status();
        return store.insert(input.title(), input.content(), author.name(), now(), status, repair::request)
                .invoke(created -> changed.fire(new ArticlesChanged(created.id())));
    }

    /**
     * Replaces an article's fields if the caller may change it and read its current version: {@code ifMatch} must
     * accept the current version (412 otherwise), and so must the body's {@code version} when sent (409 otherwise). A
     * concurrent writer that passed the same checks still loses with 409 ({@code UPDATE … WHERE version = ?}). The
     * author stays the one who created it. Publishing is a change of {@code status}; the first one sets publishedAt.
     */
    public Uni<ArticleView> update(long id, ArticleInput input, LongPredicate ifMatch, Caller caller) {
        return store.head(id).flatMap(found -> {
            var article = found.orElseThrow(() -> new ArticleNotFound(id));
            if (!caller.mayChange(article.author())) {
                throw new NotYourArticle(id);
            }
            if (!ifMatch.test(article.version())) {
                throw new ArticlePreconditionFailed(id, article.version());
            }
            if (input.version() != null && article.version() != input.version()) {
                throw new StaleArticleVersion(id, input.version(), article.version());
            }
            var updatedAt = now();
            var retitled = article.title().equals(input.title()) ? Optional.<Instant>empty() : Optional.of(article.createdAt());
            var status = input.status() == null ? article.status() : input.status();
            var publishedAt = article.publishedAt().isPresent() || status != ArticleStatus.PUBLISHED
                    ? article.publishedAt() : Optional.of(updatedAt);
            return store.update(id, article.version(), input.title(), input.content(), status, publishedAt, updatedAt,
                            retitled)
                    .map(updated -> {
                        if (!updated) {
                            throw new ConcurrentArticleUpdate(id);
                        }
                        changed.fire(new ArticlesChanged(id));
                        return new ArticleView(id, input.title(), input.content(), article.author(), article.createdAt(),
                                updatedAt, article.version() + 1, status, publishedAt.orElse(null));
                    });
        });
    }

    public Uni<Void> delete(long id, Caller caller) {
        return store.head(id).flatMap(found -> {
            var article = found.orElseThrow(() -> new ArticleNotFound(id));
            if (!caller.mayChange(article.author())) {
                throw new NotYourArticle(id);
            }
            return store.delete(id).map(deleted -> {
                if (!deleted) {
                    throw new ArticleNotFound(id); // another request deleted it since
                }
                changed.fire(new ArticlesChanged(id));
                return null;
            });
        }).replaceWithVoid();
    }

    /**
     * Whole seconds: MySQL Connector/J takes MariaDB ({@code 5.5.5-10.11…}) for MySQL 5.5 and drops the fraction when
     * it writes, so only whole seconds read back the same on MySQL 8 and MariaDB, in responses and in cursors.
     */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
