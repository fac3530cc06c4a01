package io.myblog.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** db/migrations.txt names every packaged migration, and says which ones older code works with. */
class SchemaCatalogTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/db/migration");

    @Test
    void listsExactlyTheVersionedScripts() throws IOException {
        try (var files = Files.list(SCRIPTS)) {
            var versions = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toList();

            assertThat(SchemaCatalog.packaged().compatibleWithOlderCode().keySet()).containsExactlyInAnyOrderElementsOf(versions);
            assertThat(SchemaCatalog.packaged().newest()).isEqualTo(versions.get(versions.size() - 1));
        }
    }

    @Test
    void versionsItDoesNotKnowCountAsNotCompatible() {
        var catalog = SchemaCatalog.parse("4 incompatible drafts\n5 compatible-with-older-code a new table\n");

        assertThat(catalog.notCompatibleBetween(4, 5)).isEmpty();
        assertThat(catalog.notCompatibleBetween(3, 5)).containsExactly(4);
        assertThat(catalog.notCompatibleBetween(4, 7)).containsExactly(6, 7);
    }

    @Test
    void aLineWithoutAMarkIsRefused() {
        assertThatThrownBy(() -> SchemaCatalog.parse("6 fine\n")).hasMessageContaining("\"6 fine\"");
        assertThat(SchemaCatalog.parse("# comment\n\n").compatibleWithOlderCode()).isEqualTo(java.util.Map.of());
    }
}
