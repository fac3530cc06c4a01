package io.myblog.service.blog;

/** Fired once a write to the articles has succeeded; observers see the new state. */
record ArticlesChanged(long id) {
}
