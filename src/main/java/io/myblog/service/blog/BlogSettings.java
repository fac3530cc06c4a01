package io.myblog.service.blog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the blog serves its pages. */
@ConfigMapping(prefix = "myblog.blog")
public interface BlogSettings {

    /**
     * How long a rendered index page is served before it is rendered again: the bound on how late this replica shows
     * an article written through another replica. Writes through this replica show at once.
     */
    @WithDefault("1s")
    Duration indexMaxAge();

    /** How soon a repair of the title index that failed (the database was away) tries again: TitleIndexRepair. */
    @WithDefault("5s")
    Duration indexRepairRetry();

    /**
     * The most title-index rows one search page reads for its driving term. A search starts from its rarest term
     * (counted up to this many rows each); only when every term is in more titles than this does the page look at just
     * the newest this-many of them after its cursor (README, "Search").
     */
    @WithDefault("10000")
    int searchScanLimit();
}
