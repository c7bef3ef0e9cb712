package dev.closedform.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where a run writes, decided before anything is written, so that no failure leaves a folder whose
 * files come from two runs:
 * <ul>
 *   <li>{@link Mode#FRESH}: the folder is new or empty; the run writes there directly (a failed run
 *       leaves its own record with status {@code failed}, nothing else).</li>
 *   <li>{@link Mode#RESUME}: the folder holds this run, unfinished or shorter; it continues in place
 *       from its checkpoint (every file belongs to the one run).</li>
 *   <li>{@link Mode#STAGED}: the folder holds another run and the caller allowed replacing it, or (when
 *       resuming) this run stopped before its first epoch ended and has no checkpoint to continue from: the
 *       new run is written to the hidden sibling {@code .NAME.staging} and swapped in only when it has
 *       finished; until then the old folder is untouched.</li>
 *   <li>{@link Mode#DONE}: the folder already holds this run, finished: nothing to do.</li>
 * </ul>
 * A swap interrupted between its two renames is completed or undone the next time the folder is used.
 */
public final class OutputPlan {

    /** How the run uses its folder. */
    public enum Mode { FRESH, RESUME, STAGED, DONE }

    private final Path out;
    private final Mode mode;
    private final JsonNode existing;

    private OutputPlan(Path out, Mode mode, JsonNode existing) {
        this.out = out;
        this.mode = mode;
        this.existing = existing;
    }

    /**
     * Decides, touching nothing but an interrupted swap's leftovers.
     *
     * @param record    the new run's record (its identity fields decide "the same run")
     * @param resume    continue this run from its checkpoint when there is one
     * @param overwrite replace a different run (only once the new one has finished)
     * @param notices   receives one-line notes for the user (e.g. "no checkpoint: starting fresh")
     * @throws IllegalArgumentException when the folder holds something the options do not allow replacing
     */
    public static OutputPlan decide(Path out, ObjectNode record, boolean resume, boolean overwrite, Consumer<String> notices) {
        recoverInterruptedSwap(out);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        Path runJson = out.resolve(RunDirectory.RUN_JSON);
        if (!Files.exists(runJson)) {
            if (!isEmpty(out)) {
                if (!overwrite) {
                    throw new IllegalArgumentException("--out " + out + " is not empty and holds no run (no "
                            + RunDirectory.RUN_JSON + "): choose another folder, or --overwrite to replace its content");
                }
                return new OutputPlan(out, Mode.STAGED, null);
            }
            if (resume) {
                notices.accept(FRESH + out + " holds no run yet: starting fresh");
            }
            return new OutputPlan(out, Mode.FRESH, null);
        }
        JsonNode saved = RunDirectory.readJson(runJson);
        String status = RunRecord.status(saved);
        List<String> sameExceptEpochs = RunRecord.differences(saved, record, true);
        boolean sameRun = sameExceptEpochs.isEmpty() && RunRecord.differences(saved, record, false).isEmpty();
        if (resume) {
            if (!sameExceptEpochs.isEmpty() && overwrite) {
                return new OutputPlan(out, Mode.STAGED, saved);
            }
            if (!sameExceptEpochs.isEmpty()) {
                throw new IllegalArgumentException("--resume: " + out + " holds a run with other options ("
                        + String.join("; ", sameExceptEpochs) + "); only --epochs may change when resuming");
            }
            boolean hasCheckpoint = Files.exists(out.resolve(RunDirectory.CHECKPOINT));
            if (sameRun && RunRecord.FINISHED.equals(status)) {
                return new OutputPlan(out, Mode.DONE, saved);
            }
            if (!hasCheckpoint) {
                if (overwrite) {
                    notices.accept("--resume: " + out + " has no checkpoint: starting fresh (replacing it when finished)");
                    return new OutputPlan(out, Mode.STAGED, saved);
                }
                if (!RunRecord.FINISHED.equals(status)) {
                    // stopped before its first epoch ended (checkpoints come at epoch ends): nothing to continue or to lose
                    notices.accept("--resume: " + out + " stopped before its first epoch ended: starting it afresh");
                    return new OutputPlan(out, Mode.STAGED, saved);
                }
                throw new IllegalArgumentException("--resume: " + out + " has no checkpoint (" + RunDirectory.CHECKPOINT
                        + ") to continue from; --overwrite starts it afresh");
            }
            return new OutputPlan(out, Mode.RESUME, saved);
        }
        if (sameRun && RunRecord.FINISHED.equals(status) && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " already holds this run, finished: nothing to do (--overwrite"
                    + " retrains it)");
        }
        if (!overwrite) {
            String what = RunRecord.FINISHED.equals(status) ? "a finished run" : "an unfinished run (status " + status + ")";
            throw new IllegalArgumentException("--out " + out + " holds " + what + ": --overwrite replaces it once the new run "
                    + "has finished" + (RunRecord.FINISHED.equals(status) ? "" : ", --resume continues it") + ", or choose another folder");
        }
        return new OutputPlan(out, Mode.STAGED, saved);
    }

    private static final String FRESH = "--resume: ";

    /** {@code notices} without the "starting fresh" note: a sweep resumes every run, most of them new. */
    public static Consumer<String> quietFresh(Consumer<String> notices) {
        return s -> {
            if (!(s.startsWith(FRESH) && s.endsWith("holds no run yet: starting fresh"))) {
                notices.accept(s);
            }
        };
    }

    public Mode mode() {
        return mode;
    }

    /** The record already in the folder, or null. */
    public JsonNode existing() {
        return existing;
    }

    /** The folder the run writes into (the staging sibling for {@link Mode#STAGED}), emptied first when staged. */
    public Path prepareWorkDir() {
        try {
            if (mode == Mode.STAGED) {
                Path staging = staging(out);
                deleteTree(staging);
                Files.createDirectories(staging);
                return staging;
            }
            Files.createDirectories(out);
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": cannot create the folder: " + e.getMessage(), e);
        }
    }

    /** After a successful staged run: the old folder is replaced by the new one in two renames. */
    public void commit() {
        if (mode != Mode.STAGED) {
            return;
        }
        Path staging = staging(out);
        Path old = replaced(out);
        try {
            deleteTree(old);
            if (Files.exists(out)) {
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished run from " + staging + " to " + out + ": " + e.getMessage(), e);
        }
    }

    static Path staging(Path out) {
        return sibling(out, ".staging");
    }

    static Path replaced(Path out) {
        return sibling(out, ".replaced");
    }

    private static Path sibling(Path out, String suffix) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + suffix);
    }

    /** A kill between the two renames of {@link #commit}: the new run is in staging, the old one aside. */
    private static void recoverInterruptedSwap(Path out) {
        Path old = replaced(out);
        if (!Files.exists(old)) {
            return;
        }
        try {
            if (!Files.exists(out)) {
                Path staging = staging(out);
                Files.move(Files.exists(staging) ? staging : old, out, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete the interrupted replacement of " + out + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
