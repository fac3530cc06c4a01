package io.myblog.service.blog.markdown;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown source to HTML with nothing active in it, and to the plain text a list shows. CommonMark with GitHub's
 * tables, strikethrough and autolinks; headings get ids to link to. Pure and thread-safe: knows nothing of storage.
 */
public final class Markdown {

    /** The schemes a link or image may use (relative URLs always may); commonmark's default also lets {@code data:} in. */
    static final List<String> SCHEMES = List.of("http", "https", "mailto");

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), StrikethroughExtension.create(),
            AutolinkExtension.create(), HeadingAnchorExtension.create());

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer html = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true) // raw HTML in the source shows as text
            .sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(SCHEMES))
            .softbreak("<br>") // a single line break stays one, as the plain-text articles before Markdown read
            .build();

    public Rendered render(String source) {
        var document = parser.parse(source);
        return new Rendered(html.render(document), text(document));
    }

    /** The words a reader sees, on one line. */
    public String text(String source) {
        return text(parser.parse(source));
    }

    private static String text(Node document) {
        var words = new PlainText();
        document.accept(words);
        return words.text.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * Only what the page shows as text: commonmark's TextContentRenderer also writes each link's URL and quotes, which
     * a reader never sees.
     */
    private static final class PlainText extends AbstractVisitor {

        private final StringBuilder text = new StringBuilder();

        @Override
        public void visit(Text node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(Code node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(HtmlInline node) {
            text.append(node.getLiteral()); // shown as text on the page
        }

        @Override
        public void visit(HtmlBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(FencedCodeBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(IndentedCodeBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(SoftLineBreak node) {
            text.append(' ');
        }

        @Override
        public void visit(HardLineBreak node) {
            text.append(' ');
        }

        @Override
        public void visit(Paragraph node) {
            visitChildren(node);
            text.append(' ');
        }

        @Override
        public void visit(Heading node) {
            visitChildren(node);
            text.append(' ');
        }

        @Override
        public void visit(CustomBlock node) {
            visitChildren(node);
            text.append(' ');
        }

        @Override
        public void visit(CustomNode node) {
            visitChildren(node);
            text.append(' '); // table cells
        }
    }
}
