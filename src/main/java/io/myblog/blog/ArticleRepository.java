package io.myblog.blog;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ArticleRepository implements PanacheRepository<Article> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    /** Newest first; {@code titleContains} (case-insensitive, literal) narrows the list when present. */
    PanacheQuery<Article> newestFirst(String titleContains) {
        if (titleContains == null || titleContains.isBlank()) {
            return findAll(NEWEST_FIRST);
        }
        return find("lower(title) like ?1 escape '!'", NEWEST_FIRST, "%" + likeLiteral(titleContains) + "%");
    }

    /** Makes user text match itself only: {@code %} and {@code _} lose their LIKE meaning. */
    static String likeLiteral(String text) {
        return text.strip().toLowerCase()
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_");
    }
}
