package io.myblog.service.auth;

import io.quarkus.qute.TemplateInstance;

/** The sign-in and sign-out pages, rendered by Qute from templates/SignInPages/. */
final class SignInPages {

    private SignInPages() {
    }

    /** {@code next}: where to go once signed in; {@code message}: why the form is shown again, or null. */
    record login(String name, String next, String message) implements TemplateInstance {
    }

    record logout() implements TemplateInstance {
    }
}
