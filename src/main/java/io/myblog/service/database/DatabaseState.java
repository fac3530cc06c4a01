package io.myblog.service.database;

import java.time.Instant;

/** The outcome of the latest database check. {@code reason} is written for operators and never holds a secret. */
public record DatabaseState(boolean reachable, boolean migrated, String reason, Instant checkedAt) {

    static DatabaseState notCheckedYet() {
        return new DatabaseState(false, false, "database not checked yet", Instant.EPOCH);
    }

    public boolean ready() {
        return reachable && migrated;
    }
}
