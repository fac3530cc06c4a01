package io.myblog.cli.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The schema migrations this release packages (db/migrations.txt): their versions and which ones the code of earlier
 * releases still works with. Read from a list beside the scripts, not by scanning the class path, which a jar cannot
 * list portably; SchemaCatalogTest keeps the list equal to the scripts.
 */
public record SchemaCatalog(Map<Integer, Boolean> compatibleWithOlderCode) {

    static final String RESOURCE = "db/migrations.txt";
    static final String COMPATIBLE = "compatible-with-older-code";
    static final String INCOMPATIBLE = "incompatible";

    public SchemaCatalog {
        compatibleWithOlderCode = Map.copyOf(new TreeMap<>(compatibleWithOlderCode));
    }

    /** This release's own list. */
    public static SchemaCatalog packaged() {
        try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static SchemaCatalog parse(String text) {
        var marks = new TreeMap<Integer, Boolean>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
            var fields = line.split("\\s+", 3);
            if (fields.length < 2 || !(fields[1].equals(COMPATIBLE) || fields[1].equals(INCOMPATIBLE))) {
                throw new IllegalStateException(RESOURCE + ": \"" + line + "\" is not VERSION " + COMPATIBLE + "|"
                        + INCOMPATIBLE + " REASON");
            }
            marks.put(Integer.parseInt(fields[0]), fields[1].equals(COMPATIBLE));
        });
        return new SchemaCatalog(marks);
    }

    /** The newest migration's version, what the pods of this release migrate the database to. */
    public int newest() {
        return compatibleWithOlderCode.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * The versions after {@code older} up to {@code database} that code of version {@code older} may not work with:
     * those marked incompatible, and those this release does not know (a newer release's), which nobody vouched for.
     */
    public List<Integer> notCompatibleBetween(int older, int database) {
        return IntStream.rangeClosed(older + 1, database)
                .filter(version -> !compatibleWithOlderCode.getOrDefault(version, false)).boxed().toList();
    }
}
