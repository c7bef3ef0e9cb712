package dev.closedform.experiments.theory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What every theory computation returns: its summary row, its markdown section and its figures. */
public interface TheoryResult {

    TheoryClaim claim();

    /** The section, with relative links to the figures {@link #writeFigures} writes. */
    String markdown();

    /** Writes the figures into {@code dir}; returns their paths. */
    List<Path> writeFigures(Path dir) throws IOException;

    /** Wall time of the computation. */
    double seconds();
}
