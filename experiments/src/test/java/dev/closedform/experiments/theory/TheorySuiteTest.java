package dev.closedform.experiments.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TheorySuiteTest {

    @Test
    void writesTheSectionTheNumbersAndTheFigures(@TempDir Path dir) throws Exception {
        TheorySuite.Written w = TheorySuite.run(TheoryScale.SMOKE, EnumSet.of(TheorySuite.Part.ONE_STEP), dir,
                TheoryProgress.NONE);
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("| experiment | claim | our result | verdict |"), md);
        assertTrue(md.contains("## One-step identity on real training states"));
        assertEquals(1, w.claims().size());
        assertEquals(TheoryClaim.Verdict.HOLDS, w.claims().get(0).verdict());
        JsonNode json = new ObjectMapper().readTree(w.json().toFile());
        assertEquals("smoke", json.get("scale").asText());
        JsonNode states = json.get("results").get("one-step").get("states");
        assertEquals(2 * (OneStepConfig.forScale(TheoryScale.SMOKE).epochs() + 1), states.size());
        // the markdown's numbers are the JSON's: the identity's right side of the first state, as printed
        String first = Format.num(states.get(0).get("identityExcess").asDouble());
        assertTrue(md.contains(first), "markdown lacks " + first);
        assertEquals(List.of(OneStepResult.IDENTITY_FIGURE, OneStepResult.COMPARISON_FIGURE),
                w.figures().stream().map(p -> p.getFileName().toString()).toList());
        for (Path png : w.figures()) {
            assertTrue(Files.size(png) > 1000, png + " is empty");
        }
    }
}
