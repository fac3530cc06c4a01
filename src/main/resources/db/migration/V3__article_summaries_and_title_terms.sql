-- A list page carries an excerpt, not the content (up to 400 000 bytes): kept beside it, filled on every write.
ALTER TABLE article ADD COLUMN excerpt VARCHAR(200) NOT NULL DEFAULT '';
UPDATE article SET excerpt = SUBSTRING(content, 1, 200);

-- The title search index (io.myblog.service.blog.TitleTerms): one row per term of a title, read in created_at order, so a
-- page of matches costs the same however many articles match. utf8mb4_bin: terms are already lower-cased, and terms
-- that a case- or accent-insensitive collation calls equal must not collide in the primary key.
CREATE TABLE article_term (
    article_id BIGINT      NOT NULL,
    term       VARCHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (article_id, term),
    CONSTRAINT article_term_article FOREIGN KEY (article_id) REFERENCES article (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX article_term_newest ON article_term (term, created_at, article_id);
