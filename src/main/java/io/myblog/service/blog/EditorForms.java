package io.myblog.service.blog;

import io.myblog.service.account.Caller;
import io.myblog.service.blog.markdown.RenderedArticles;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the editor's pages share: the form as sent, and the form again instead of a save, always with the author's
 * text in it: signed out, a preview asked for, or fields to correct.
 */
@ApplicationScoped
class EditorForms {

    static final String SIGNED_OUT = "Your sign-in has ended, so this was not saved; your text is still here. "
            + "Sign in again in another tab (/blog/login/), then save again from this page.";
    static final String SAVE = "save";
    /** The pages hold a CSRF token and a draft's text: no cache keeps them. */
    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final RenderedArticles rendered;
    private final Validator validator;

    EditorForms(RenderedArticles rendered, Validator validator) {
        this.rendered = rendered;
        this.validator = validator;
    }

    /** What the editor's form sends; {@code action} is the button pressed (save, or preview). */
    record Form(Long id, String title, String content, String status, Long version, String action) {

        /** A textarea sends its line breaks as CRLF (HTML's form encoding); the API's clients send LF, and so is it kept. */
        static Form of(Long id, String title, String content, String status, Long version, String action) {
            return new Form(id, title == null ? "" : title, content == null ? "" : content.replace("\r\n", "\n"),
                    status, version, action);
        }

        BlogPages.editor page() {
            return new BlogPages.editor(id, version, title, content, status, List.of(), null, null, null);
        }

        ArticleInput input() {
            return new ArticleInput(title, content, version,
                    "draft".equals(status) ? ArticleStatus.DRAFT : "published".equals(status) ? ArticleStatus.PUBLISHED : null);
        }
    }

    /** The form again instead of a save, or empty when it may be saved. */
    Optional<Response> refusal(Form form, Optional<Caller> caller, Class<?> group) {
        if (caller.isEmpty()) {
            return Optional.of(page(401, with(form.page(), List.of(), null, SIGNED_OUT)));
        }
        if (!SAVE.equals(form.action())) {
            return Optional.of(page(200, with(form.page(), List.of(), rendered.preview(form.content()).html(), null)));
        }
        var invalid = new ArrayList<BlogPages.Field>();
        validator.validate(form.input(), group).forEach(violation ->
                invalid.add(new BlogPages.Field(violation.getPropertyPath().toString(), violation.getMessage())));
        if (form.status() != null && form.input().status() == null) {
            invalid.add(new BlogPages.Field("status", "must be draft or published"));
        }
        invalid.sort(Comparator.comparing(BlogPages.Field::name).thenComparing(BlogPages.Field::message));
        return invalid.isEmpty() ? Optional.empty() : Optional.of(page(400, with(form.page(), invalid, null, null)));
    }

    /** The editor after a stale save: {@code theirs} rendered beside the author's text, the form now at their version. */
    Response stale(Form form, ArticleView theirs) {
        var html = new RawString(rendered.article(theirs.id(), theirs.version(), theirs.content()).html());
        return page(409, new BlogPages.editor(form.id(), theirs.version(), form.title(), form.content(), form.status(),
                List.of(), null, new BlogPages.Theirs(theirs, html), null));
    }

    private static BlogPages.editor with(BlogPages.editor page, List<BlogPages.Field> invalid, String preview, String message) {
        return new BlogPages.editor(page.id(), page.version(), page.title(), page.content(), page.status(), invalid,
                preview == null ? null : new RawString(preview), null, message);
    }

    static Response saved(long id) {
        return Response.seeOther(URI.create("/blog/article/" + id + "/")).build();
    }

    static Response signIn(String next) {
        return Response.seeOther(URI.create("/blog/login/?next=" + next)).build();
    }

    static Response page(int status, TemplateInstance page) {
        return Response.status(status).entity(page.render()).cacheControl(NO_STORE).build();
    }
}
