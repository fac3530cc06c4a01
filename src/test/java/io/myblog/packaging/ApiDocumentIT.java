package io.myblog.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API document the build wrote (target/openapi, the one /q/openapi serves), held to the error rules of Redocly's
 * {@code recommended} set that a generated document can break: servers, an operationId and a summary per operation,
 * security said on every operation, no trailing slash, declared tags. Checked in Java because Redocly (Node.js) is not
 * part of the build; README's "API document" gives the command that runs Redocly itself.
 */
class ApiDocumentIT {

    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static JsonNode document;

    @BeforeAll
    static void readTheBuiltDocument() throws IOException {
        document = new ObjectMapper().readTree(Path.of("target", "openapi", "openapi.json").toFile());
    }

    @Test
    void declaresAbsoluteServers() {
        assertThat(document.path("servers")).isNotEmpty()
                .allSatisfy(server -> assertThat(URI.create(server.path("url").asText()).isAbsolute()).isTrue());
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndASummary() {
        var ids = new HashSet<String>();
        for (var operation : operations()) {
            assertThat(operation.path("operationId").asText()).as(operation.toString()).isNotBlank();
            assertThat(ids.add(operation.path("operationId").asText())).as("unique: %s", operation.path("operationId")).isTrue();
            assertThat(operation.path("summary").asText()).as(operation.path("operationId").asText()).isNotBlank();
        }
    }

    @Test
    void everyOperationSaysWhatSecurityItNeedsFromDeclaredSchemes() {
        var schemes = new HashSet<String>();
        document.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        for (var operation : operations()) {
            assertThat(operation.has("security")).as(operation.path("operationId").asText()).isTrue();
            operation.path("security").forEach(requirement -> requirement.fieldNames()
                    .forEachRemaining(scheme -> assertThat(schemes).contains(scheme)));
        }
    }

    @Test
    void pathsHaveNoTrailingSlashAndTagsAreDeclared() {
        var tags = new HashSet<String>();
        document.path("tags").forEach(tag -> {
            tags.add(tag.path("name").asText());
            assertThat(tag.path("description").asText()).as(tag.toString()).isNotBlank();
        });
        document.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).doesNotEndWith("/"));
        for (var operation : operations()) {
            operation.path("tags").forEach(tag -> assertThat(tags).contains(tag.asText()));
        }
    }

    private static List<JsonNode> operations() {
        var operations = new ArrayList<JsonNode>();
        document.path("paths").forEach(item -> item.fields().forEachRemaining(entry -> {
            if (VERBS.contains(entry.getKey())) {
                operations.add(entry.getValue());
            }
        }));
        assertThat(operations).as("operations in the built document").isNotEmpty();
        return operations;
    }
}
