package dev.closedform.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.experiments.reproduce.ReportDocument.Link;
import dev.closedform.experiments.reproduce.ReportDocument.Text;
import dev.closedform.experiments.reproduce.ReportDocument.Timing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One document, two renderings; timings can be masked so that reports are compared apart from the clock. */
class ReportDocumentTest {

    private static ReportDocument doc(String time) {
        return new ReportDocument("T <1>").add(new ReportDocument.Heading(2, "Section a|b"))
                .add(ReportDocument.paragraph(new Text("took "), new Timing(time), new Text(" & "), new Link("run", "x/run a")))
                .add(ReportDocument.table(List.of("m", "v|w"), List.of(List.of(new Text("cf|prox"), new Timing(time))), 1));
    }

    @Test
    void maskedRenderingsAgreeWhenOnlyTimingsDiffer() {
        assertNotEquals(doc("1.0 s").markdown(true), doc("2.0 s").markdown(true));
        assertEquals(doc("1.0 s").markdown(false), doc("2.0 s").markdown(false));
        assertEquals(doc("1.0 s").html(false), doc("2.0 s").html(false));
        assertTrue(doc("1.0 s").markdown(false).contains(ReportDocument.MASK));
    }

    @Test
    void markdownEscapesTableCellsAndHtmlEscapesText() {
        String md = doc("1 s").markdown(true);
        assertTrue(md.startsWith("# T <1>\n\n## Section a|b\n\ntook 1 s & [run](x/run a)"), md);
        assertTrue(md.contains("| cf\\|prox | 1 s |") && md.contains("| m | v\\|w |\n|---|---:|"), md);
        String html = doc("1 s").html(true);
        assertTrue(html.contains("<title>T &lt;1&gt;</title>") && html.contains("<a href=\"x/run a\">run</a>")
                && html.contains("took 1 s &amp; ") && html.contains("<td class=\"num\">1 s</td>"), html);
    }
}
