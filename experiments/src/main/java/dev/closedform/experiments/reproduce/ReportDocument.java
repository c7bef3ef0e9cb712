package dev.closedform.experiments.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks, rendered once as Markdown and once as self-contained HTML (images by
 * relative path), so that both say the same. Text marked as a timing can be masked: two renderings
 * with masked timings are equal exactly when the reports agree on everything but the clock.
 */
public final class ReportDocument {

    /** Inline text. */
    public sealed interface Inline permits Text, Code, Link, Timing {}

    public record Text(String text) implements Inline {}

    public record Code(String text) implements Inline {}

    public record Link(String text, String href) implements Inline {}

    /** A measured time (or anything that depends on the machine's speed or load). */
    public record Timing(String text) implements Inline {}

    /** Blocks. */
    public sealed interface Block permits Heading, Paragraph, Table, Image, Preformatted, Bullets {}

    public record Heading(int level, String text) implements Block {}

    public record Paragraph(List<Inline> parts) implements Block {}

    /** A table; {@code numeric[c]} right-aligns column c. */
    public record Table(List<String> header, List<List<Inline>> rows, boolean[] numeric) implements Block {}

    public record Image(String src, String caption) implements Block {}

    public record Preformatted(String text) implements Block {}

    public record Bullets(List<List<Inline>> items) implements Block {}

    static final String MASK = "(time)";

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    public ReportDocument add(Block b) {
        blocks.add(b);
        return this;
    }

    public ReportDocument addAll(List<Block> bs) {
        blocks.addAll(bs);
        return this;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    // ---------------------------------------------------------------- building helpers

    public static Text text(String s) {
        return new Text(s);
    }

    public static Paragraph paragraph(String s) {
        return new Paragraph(List.of(new Text(s)));
    }

    public static Paragraph paragraph(Inline... parts) {
        return new Paragraph(List.of(parts));
    }

    /** A table of plain cells; columns after the first {@code textColumns} are right-aligned. */
    public static Table table(List<String> header, List<List<Inline>> rows, int textColumns) {
        boolean[] numeric = new boolean[header.size()];
        for (int c = textColumns; c < numeric.length; c++) {
            numeric[c] = true;
        }
        return new Table(List.copyOf(header), List.copyOf(rows), numeric);
    }

    /** A table whose columns {@code numericColumns} are right-aligned. */
    public static Table table(List<String> header, List<List<Inline>> rows, java.util.Set<Integer> numericColumns) {
        boolean[] numeric = new boolean[header.size()];
        numericColumns.forEach(c -> numeric[c] = true);
        return new Table(List.copyOf(header), List.copyOf(rows), numeric);
    }

    /** A row of plain cells. */
    public static List<Inline> cells(String... texts) {
        List<Inline> out = new ArrayList<>();
        for (String t : texts) {
            out.add(new Text(t));
        }
        return out;
    }

    // ---------------------------------------------------------------- Markdown

    /** The Markdown; {@code timings = false} replaces every {@link Timing} by a mask. */
    public String markdown(boolean timings) {
        StringBuilder b = new StringBuilder("# ").append(title).append("\n\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                b.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                b.append(md(p.parts(), timings, false)).append("\n\n");
            } else if (block instanceof Table t) {
                    b.append('|');
                    t.header().forEach(h -> b.append(' ').append(cell(h)).append(" |"));
                    b.append("\n|");
                    for (int c = 0; c < t.header().size(); c++) {
                        b.append(t.numeric()[c] ? "---:|" : "---|");
                    }
                    b.append('\n');
                    for (List<Inline> row : t.rows()) {
                        b.append('|');
                        for (Inline i : row) {
                            b.append(' ').append(md(List.of(i), timings, true)).append(" |");
                        }
                        b.append('\n');
                    }
                    b.append('\n');
            } else if (block instanceof Image i) {
                b.append("![").append(i.caption()).append("](").append(i.src()).append(")\n\n");
            } else if (block instanceof Preformatted p) {
                b.append("```\n").append(p.text().strip()).append("\n```\n\n");
            } else if (block instanceof Bullets l) {
                l.items().forEach(item -> b.append("- ").append(md(item, timings, false)).append('\n'));
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String md(List<Inline> parts, boolean timings, boolean inTable) {
        StringBuilder b = new StringBuilder();
        for (Inline i : parts) {
            String s;
            if (i instanceof Code c) {
                s = "`" + c.text() + "`";
            } else if (i instanceof Link l) {
                s = "[" + l.text() + "](" + l.href() + ")";
            } else if (i instanceof Timing t) {
                s = timings ? t.text() : MASK;
            } else {
                s = ((Text) i).text();
            }
            b.append(inTable ? cell(s) : s);
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    // ---------------------------------------------------------------- HTML

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
                    + "color:#222;line-height:1.45}",
            "h1{font-size:1.6em;border-bottom:2px solid #ddd;padding-bottom:.3em}",
            "h2{font-size:1.3em;margin-top:1.8em;border-bottom:1px solid #eee}",
            "h3{font-size:1.1em;margin-top:1.4em}",
            "pre{background:#f5f5f5;padding:.8em;overflow-x:auto;border-radius:4px}",
            "code{background:#f5f5f5;padding:0 .2em}",
            "table{border-collapse:collapse;margin:1em 0;font-size:.9em}",
            "th,td{border:1px solid #ccc;padding:.3em .55em;vertical-align:top}",
            "th{background:#f0f0f0}",
            "td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "figure{margin:1em 0}",
            "figure img{max-width:100%;border:1px solid #eee}",
            "figcaption{color:#555;font-size:.9em}");

    /** The HTML page; {@code timings = false} masks as {@link #markdown(boolean)}. */
    public String html(boolean timings) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                b.append("<h").append(h.level()).append(" id=\"").append(anchor(h.text())).append("\">")
                        .append(esc(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                b.append("<p>").append(html(p.parts(), timings)).append("</p>\n");
            } else if (block instanceof Table t) {
                    b.append("<table>\n<tr>");
                    t.header().forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
                    b.append("</tr>\n");
                    for (List<Inline> row : t.rows()) {
                        b.append("<tr>");
                        for (int c = 0; c < row.size(); c++) {
                            b.append(c < t.numeric().length && t.numeric()[c] ? "<td class=\"num\">" : "<td>")
                                    .append(html(List.of(row.get(c)), timings)).append("</td>");
                        }
                        b.append("</tr>\n");
                    }
                    b.append("</table>\n");
            } else if (block instanceof Image i) {
                b.append("<figure><img src=\"").append(esc(i.src())).append("\" alt=\"").append(esc(i.caption()))
                        .append("\"><figcaption>").append(esc(i.caption())).append("</figcaption></figure>\n");
            } else if (block instanceof Preformatted p) {
                b.append("<pre>").append(esc(p.text().strip())).append("</pre>\n");
            } else if (block instanceof Bullets l) {
                b.append("<ul>\n");
                l.items().forEach(item -> b.append("<li>").append(html(item, timings)).append("</li>\n"));
                b.append("</ul>\n");
            }
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static String html(List<Inline> parts, boolean timings) {
        StringBuilder b = new StringBuilder();
        for (Inline i : parts) {
            if (i instanceof Code c) {
                b.append("<code>").append(esc(c.text())).append("</code>");
            } else if (i instanceof Link l) {
                b.append("<a href=\"").append(esc(l.href())).append("\">").append(esc(l.text())).append("</a>");
            } else if (i instanceof Timing t) {
                b.append(esc(timings ? t.text() : MASK));
            } else {
                b.append(esc(((Text) i).text()));
            }
        }
        return b.toString();
    }

    /** The anchor of a heading: lower case, letters and digits, the rest as dashes. */
    public static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
