package io.myblog.blog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A blog article; the schema is owned by Flyway ({@code db/migration}), not by Hibernate. */
@Entity
@Table(name = "article")
public class Article {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = ArticleInput.TITLE_MAX)
    public String title;

    @Column(nullable = false, columnDefinition = "MEDIUMTEXT")
    public String content;

    /** The start of the content, which list pages show instead of it. */
    @Column(nullable = false, length = ArticleSummary.EXCERPT_LENGTH)
    public String excerpt;

    @Column(nullable = false, length = ArticleInput.AUTHOR_MAX)
    public String author;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Optimistic lock: a PUT must carry the version it read. */
    @Version
    @Column(nullable = false)
    public long version;
}
