package io.myblog.controller;

import static io.myblog.controller.ReloadCluster.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import io.myblog.shared.ReloadState;

/** The rules in {@link ReloadRbac} are exactly the requests the watcher makes: none missing, none unused. */
class ReloadRbacTest {

    private static final String LEASE = "myblog-config-reload";
    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)/namespaces/[^/]+/(?<resource>[^/?]+)(?:/(?<name>[^/?]+))?(?:\\?(?<query>.*))?");

    /** What RBAC checks for one request: group, resource, verb and (where RBAC can check it) name. */
    record Access(String group, String resource, String verb, String name) {
    }

    @Test
    void theRulesCoverEveryRequestOfARestartAndAHeldBackRestartAndNothingMore() {
        Set<Access> used;
        try (var cluster = new ReloadCluster().withDeployedApp()) {
            // Given a leading watcher
            var reloader = cluster.startReloader("pod-a", Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(10)).until(() -> reloader.isLeader() && reloader.state() == ReloadState.WATCHING);

            // When it restarts once, holds a broken configuration back, and releases the Lease
            cluster.editConfigMap("MYSQL_HOST", "mysql-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.templatePatches.size() == 1);
            cluster.editSecret("MYSQL_USER", "blogger");
            cluster.editConfigMap("MYSQL_PORT", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.events(ReloadEvents.WARNING).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watcherRequests.stream().anyMatch(r -> r.startsWith("PATCH") && r.contains("/leases/")));
            reloader.close();

            used = new HashSet<>();
            cluster.watcherRequests.forEach(request -> used.add(access(request)));
        }

        // Then
        var allowed = new HashSet<Access>();
        var granted = ReloadRbac.rules(NAME, LEASE);
        for (var rule : granted) {
            for (var verb : rule.getVerbs()) {
                var names = rule.getResourceNames().isEmpty() ? Set.of("*") : Set.copyOf(rule.getResourceNames());
                names.forEach(name -> allowed.add(new Access(rule.getApiGroups().get(0), rule.getResources().get(0), verb, name)));
            }
        }
        assertThat(used).as("requests not granted").allSatisfy(access -> assertThat(allowed).contains(access));
        assertThat(allowed).as("rules never used").allSatisfy(access -> assertThat(used).contains(access));
    }

    private static Access access(String request) {
        var method = request.substring(0, request.indexOf(' '));
        var matcher = PATH.matcher(request.substring(request.indexOf(' ') + 1));
        assertThat(matcher.matches()).as("understood request %s", request).isTrue();
        var group = matcher.group("group") == null ? "" : matcher.group("group");
        var name = matcher.group("name");
        var query = matcher.group("query") == null ? "" : URLDecoder.decode(matcher.group("query"), StandardCharsets.UTF_8);
        var verb = switch (method) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> method;
        };
        if (name == null && query.contains("fieldSelector=metadata.name=")) {
            name = query.replaceAll(".*fieldSelector=metadata\\.name=([^&]+).*", "$1");
        }
        // RBAC cannot restrict create by name: the object does not exist yet.
        return new Access(group, matcher.group("resource"), verb, "create".equals(verb) ? "*" : name);
    }
}
