package io.myblog.service.problem;

import io.quarkus.qute.TemplateInstance;

/** A problem as a browser shows it: templates/ProblemPage.html. */
record ProblemPage(Problem problem) implements TemplateInstance {
}
