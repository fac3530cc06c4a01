package io.myblog.service.blog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a title into the terms the search index ({@code article_term}) holds: lower-case words of letters and digits,
 * and for Chinese and Japanese script, which has no spaces, every character and every pair of neighbouring characters.
 * A query is split the same way, into words and character pairs that must all be present, so {@code 文章} finds
 * {@code 我的第一篇文章}. Everything else ({@code %}, {@code _}, punctuation) separates terms and is never a wildcard.
 *
 * <p>Our own index rather than MySQL FULLTEXT: MariaDB has no n-gram parser, both engines drop words shorter than 3
 * characters and stopwords by server setting, and a FULLTEXT match cannot be read in created_at order, so a common word
 * would sort every match for each page.
 */
public final class TitleTerms {

    /** Bump when the splitting changes: the repeatable migration R__Index_article_titles then re-indexes every title. */
    public static final int VERSION = 1;
    /** Longer words are cut to this many characters, in the index and in queries alike (the column is VARCHAR(64)). */
    static final int MAX_LENGTH = 64;

    private TitleTerms() {
    }

    /** Every term of a title, each once, for the index. */
    public static Set<String> ofTitle(String title) {
        var terms = new LinkedHashSet<String>();
        split(title, terms::add, (run) -> {
            run.codePoints().forEach(c -> terms.add(Character.toString(c)));
            addPairs(run, terms);
        });
        return terms;
    }

    /** The terms an article must hold to match {@code query}; empty when the query has no letters or digits. */
    public static List<String> ofQuery(String query) {
        var terms = new LinkedHashSet<String>();
        split(query, terms::add, (run) -> {
            if (run.codePointCount(0, run.length()) == 1) {
                terms.add(run);
            } else {
                addPairs(run, terms);
            }
        });
        return new ArrayList<>(terms);
    }

    private static void addPairs(String run, Set<String> terms) {
        int[] points = run.codePoints().toArray();
        for (int i = 0; i + 1 < points.length; i++) {
            terms.add(new String(points, i, 2));
        }
    }

    private interface Sink {
        void accept(String text);
    }

    /** NFKC first, so full-width Latin (Ｋｕｂｅ) and ligatures match their plain forms. */
    private static void split(String text, Sink word, Sink cjkRun) {
        if (text == null) {
            return;
        }
        var normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        var current = new StringBuilder();
        boolean currentIsCjk = false;
        for (int i = 0; i < normalized.length(); ) {
            int c = normalized.codePointAt(i);
            i += Character.charCount(c);
            boolean cjk = isCjk(c);
            boolean wordChar = !cjk && (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK);
            if ((!cjk && !wordChar) || (current.length() > 0 && cjk != currentIsCjk)) {
                flush(current, currentIsCjk, word, cjkRun);
            }
            if (cjk || wordChar) {
                current.appendCodePoint(c);
                currentIsCjk = cjk;
            }
        }
        flush(current, currentIsCjk, word, cjkRun);
    }

    private static void flush(StringBuilder current, boolean cjk, Sink word, Sink cjkRun) {
        if (current.length() == 0) {
            return;
        }
        var text = current.toString();
        current.setLength(0);
        if (cjk) {
            cjkRun.accept(text);
        } else {
            word.accept(text.codePointCount(0, text.length()) > MAX_LENGTH
                    ? text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH)) : text);
        }
    }

    private static boolean isCjk(int c) {
        var script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }
}
