-- Drafts (issue 26): an article is a draft or published; every article written before drafts existed was public at
-- once, so it is published since it was created. published_at is set when an article is first published.
ALTER TABLE article
    ADD COLUMN status       VARCHAR(9)  NOT NULL DEFAULT 'published',
    ADD COLUMN published_at DATETIME(6) NULL,
    ADD CONSTRAINT article_status CHECK (status IN ('draft', 'published'));
UPDATE article SET published_at = created_at;

-- Lists and the index show published articles only, newest first, read in order from the cursor on.
CREATE INDEX article_published ON article (status, created_at DESC, id DESC);
