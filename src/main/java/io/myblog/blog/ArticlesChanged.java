package io.myblog.blog;

/** Fired inside each transaction that writes articles; observers that run after commit see the new state. */
record ArticlesChanged(long id) {
}
