package io.myblog.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.myblog.service.problem.Problem;
import io.myblog.support.Management;
import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi against the JAX-RS operations the application really has (read from its compiled classes, so any
 * resource added later is held to the same contract): the same paths and methods, and every response documented.
 */
@QuarkusTest
@WithTestResource(MariaDbTestResource.class)
class OpenApiContractTest {

    private static final DotName PATH = DotName.createSimple(jakarta.ws.rs.Path.class.getName());
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
    /** What makes an operation need an account: Quarkus Security refuses it with 401 before it runs. */
    private static final Set<DotName> NEEDS_ACCOUNT = Set.of(
            DotName.createSimple(jakarta.annotation.security.RolesAllowed.class.getName()),
            DotName.createSimple(io.quarkus.security.Authenticated.class.getName()));

    private JsonPath document;

    @BeforeEach
    void readTheDocument() {
        document = Management.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void documentsExactlyTheOperationsServed() {
        assertThat(documentedOperations()).isEqualTo(servedOperations());
    }

    @Test
    void everyOperationDocumentsItsSuccessAndItsProblems() {
        var needingAnAccount = servedNeedingAnAccount();
        for (var operation : servedOperations()) {
            var responses = responses(operation);
            assertThat(responses.keySet()).as(operation).anyMatch(code -> code.startsWith("2"));
            assertThat(responses.keySet()).as(operation + ": the database may be away").contains("503");
            if (operation.contains("{")) {
                assertThat(responses.keySet()).as(operation + ": a path parameter names something that may not exist")
                        .contains("404");
            }
            if (!parameters(operation, "query").isEmpty() || hasBody(operation)) {
                assertThat(responses.keySet()).as(operation + ": it takes input").contains("400");
            }
            if (hasBody(operation)) {
                assertThat(responses.keySet()).as(operation + ": it takes a body").contains("413", "415");
            }
            if (needingAnAccount.contains(operation)) {
                assertThat(responses.keySet()).as(operation + ": it needs an account").contains("401", "429");
            }
            responses.forEach((code, response) -> {
                var resolved = resolve(response);
                var content = (Map<?, ?>) resolved.get("content");
                if (code.equals("204") || code.equals("304")) { // no body, by definition
                    assertThat(content).as(operation + " " + code).isNull();
                } else if (code.startsWith("2")) {
                    assertThat(content).as(operation + " " + code + " has a body schema").isNotEmpty();
                    content.values().forEach(media -> assertThat(((Map<?, ?>) media).get("schema"))
                            .as(operation + " " + code).isNotNull());
                } else {
                    assertThat(content).as(operation + " " + code).isNotNull();
                    var schema = (Map<?, ?>) ((Map<?, ?>) content.get(Problem.MEDIA_TYPE)).get("schema");
                    assertThat(schema.get("$ref")).as(operation + " " + code + " is a problem").isEqualTo(PROBLEM_SCHEMA);
                }
            });
        }
    }

    @Test
    void anUpdateRequiresTheVersionItRead() {
        Map<String, Object> put = document.getMap("paths.'/api/articles/{id}'.put.requestBody.content.'application/json'.schema");
        assertThat(required(put)).contains("title", "content", "version").doesNotContain("author");
        Map<String, Object> post = document.getMap("paths.'/api/articles'.post.requestBody.content.'application/json'.schema");
        assertThat(required(post)).contains("title", "content").doesNotContain("version", "author");
        assertThat(responses("PUT /api/articles/{id}")).containsKey("409");
    }

    @Test
    void theProblemSchemaIsTheProblemRecord() {
        Map<String, Object> properties = document.getMap("components.schemas.Problem.properties");
        var fields = Arrays.stream(Problem.class.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
        assertThat(properties.keySet()).isEqualTo(fields);
    }

    @Test
    void theWritesAndTheAccountsNeedAnAccountAndTheReadsDoNot() {
        assertThat(servedNeedingAnAccount())
                .contains("POST /api/articles", "PUT /api/articles/{id}", "DELETE /api/articles/{id}", "GET /api/accounts",
                        "POST /api/session")
                .doesNotContain("GET /api/articles", "GET /api/articles/{id}", "GET /blog/index/");
    }

    /** "GET /api/articles", … from every @Path class and its resource methods, in the application's classes. */
    private static Set<String> servedOperations() {
        return served(false);
    }

    /** The operations whose method or class asks for a role or any signed-in account. */
    private static Set<String> servedNeedingAnAccount() {
        return served(true);
    }

    private static Set<String> served(boolean onlyNeedingAnAccount) {
        var index = applicationIndex();
        var operations = new TreeSet<String>();
        for (var annotation : index.getAnnotations(PATH)) {
            if (annotation.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            var resource = annotation.target().asClass();
            for (MethodInfo method : resource.methods()) {
                for (var methodAnnotation : method.annotations()) {
                    if (methodAnnotation.target().kind() != AnnotationTarget.Kind.METHOD) {
                        continue;
                    }
                    boolean needsAccount = NEEDS_ACCOUNT.stream()
                            .anyMatch(name -> method.declaredAnnotation(name) != null || resource.declaredAnnotation(name) != null);
                    if (onlyNeedingAnAccount && !needsAccount) {
                        continue;
                    }
                    if (hidden(method)) {
                        continue;
                    }
                    httpMethod(methodAnnotation.name()).ifPresent(verb -> {
                        var sub = method.annotation(PATH);
                        operations.add(verb + " " + join(annotation.value().asString(), sub == null ? "" : sub.value().asString()));
                    });
                }
            }
        }
        assertThat(operations).as("JAX-RS operations found in target/classes").isNotEmpty();
        return operations;
    }

    /** The browser's forms (sign-in, editor) leave the API document, as issue 26 allows: they are pages, not API. */
    private static boolean hidden(MethodInfo method) {
        var operation = method.declaredAnnotation(DotName.createSimple(org.eclipse.microprofile.openapi.annotations.Operation.class.getName()));
        return operation != null && operation.value("hidden") != null && operation.value("hidden").asBoolean();
    }

    private Set<String> documentedOperations() {
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        var operations = new TreeSet<String>();
        paths.forEach((path, item) -> item.keySet().stream()
                .filter(key -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(key))
                .forEach(verb -> operations.add(verb.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    private Map<String, Map<String, Object>> responses(String operation) {
        var parts = operation.split(" ", 2);
        return document.getMap("paths.'" + parts[1] + "'." + parts[0].toLowerCase(Locale.ROOT) + ".responses");
    }

    private List<Object> parameters(String operation, String in) {
        var parts = operation.split(" ", 2);
        List<Map<String, Object>> all = document.getList(
                "paths.'" + parts[1] + "'." + parts[0].toLowerCase(Locale.ROOT) + ".parameters");
        return all == null ? List.of() : all.stream().filter(p -> in.equals(p.get("in"))).map(p -> (Object) p).toList();
    }

    private boolean hasBody(String operation) {
        var parts = operation.split(" ", 2);
        return document.get("paths.'" + parts[1] + "'." + parts[0].toLowerCase(Locale.ROOT) + ".requestBody") != null;
    }

    /** Follows a {@code $ref} into components. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> node) {
        var ref = (String) node.get("$ref");
        if (ref == null) {
            return node;
        }
        var path = ref.substring(2).split("/");
        return resolve(document.getMap(String.join(".", path)));
    }

    /** The required properties of a schema, through $ref and allOf. */
    @SuppressWarnings("unchecked")
    private Set<String> required(Map<String, Object> schema) {
        var resolved = resolve(schema);
        var names = new TreeSet<String>();
        var own = (List<String>) resolved.get("required");
        if (own != null) {
            names.addAll(own);
        }
        var allOf = (List<Map<String, Object>>) resolved.get("allOf");
        if (allOf != null) {
            allOf.forEach(part -> names.addAll(required(part)));
        }
        return names;
    }

    private static String join(String base, String sub) {
        var path = ("/" + base + "/" + sub).replaceAll("/{2,}", "/");
        return sub.isEmpty() && base.endsWith("/") ? path : path.replaceAll("(.)/$", "$1");
    }

    private static Optional<String> httpMethod(DotName annotation) {
        try {
            var type = Class.forName(annotation.toString(), false, OpenApiContractTest.class.getClassLoader());
            var verb = type.getAnnotation(HttpMethod.class);
            return Optional.ofNullable(verb).map(HttpMethod::value);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The compiled main classes (not the tests' own resources) as Quarkus sees them. */
    private static Index applicationIndex() {
        var indexer = new Indexer();
        try (var files = Files.walk(Path.of("target", "classes"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return indexer.complete();
    }
}
