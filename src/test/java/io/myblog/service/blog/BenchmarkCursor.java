package io.myblog.service.blog;

import java.time.Instant;
import java.util.List;

/**
 * For bench/run.sh: prints the cursor that resumes the unfiltered list after the article with this created_at
 * (epoch seconds) and id, so the scale benchmark can read a page from the middle of a million articles without
 * walking there. Not a test; nothing in the test run calls it.
 */
public final class BenchmarkCursor {

    private BenchmarkCursor() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BenchmarkCursor <created-at-epoch-seconds> <id>");
            System.exit(2);
        }
        var list = ArticleCursor.first(List.of());
        System.out.println(new ArticleCursor(Instant.ofEpochSecond(Long.parseLong(args[0])), Long.parseLong(args[1]),
                list.query()).encode());
    }
}
