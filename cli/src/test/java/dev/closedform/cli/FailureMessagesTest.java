package dev.closedform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.closedform.data.DataFormatException;
import dev.closedform.head.NotPositiveDefiniteException;
import dev.closedform.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailureMessagesTest {

    @Test
    void libraryNamesBecomeOptionNames() {
        String m = FailureMessages.describe(new NotPositiveDefiniteException(
                "the system is singular for ridge (beta) = 0.0 and prox (lambda) = 0.0: raise ridge (beta) or prox (lambda)", 0, 0, 3));
        assertEquals("the system is singular for --ridge = 0.0 and --prox = 0.0: raise --ridge or --prox", m);
        assertEquals("diverged at epoch 1, step 2: the loss became NaN: lower --lr",
                FailureMessages.describe(new TrainingDivergedException("diverged at epoch 1, step 2: the loss became NaN: lower the learning rate")));
        assertEquals("diverged at epoch 1, step 5: the loss became NaN: lower --lr or start from --initial-head proximal",
                FailureMessages.describe(new TrainingDivergedException("diverged at epoch 1, step 5: the loss became NaN: "
                        + "lower the learning rate or start from the proximal initial head")));
    }

    @Test
    void exitCodes() {
        assertTrue(FailureMessages.isUsage(new DataFormatException("x.csv: line 3")));
        assertTrue(FailureMessages.isUsage(new IllegalArgumentException("bad")));
        assertTrue(FailureMessages.isUsage(new NotPositiveDefiniteException("singular", 0, 0, 1)), "a singular system: raise an option");
        assertFalse(FailureMessages.isUsage(new TrainingDivergedException("diverged")), "divergence is a failed run");
        assertFalse(FailureMessages.isUsage(new IOException("disk full")));
    }

    @Test
    void noClassNameIsPrinted() {
        assertEquals("no such file or directory: /data/x.csv",
                FailureMessages.describe(new UncheckedIOException(new NoSuchFileException("/data/x.csv"))));
        assertEquals("permission denied: /out/run.json", FailureMessages.describe(new AccessDeniedException("/out/run.json")));
        assertEquals("cannot read a.csv: boom", FailureMessages.describe(
                new UncheckedIOException("cannot read a.csv: java.io.IOException: boom", new IOException("boom"))));
        assertEquals("worker failed", FailureMessages.describe(new ExecutionException(new IllegalStateException("worker failed"))));
        String npe = FailureMessages.describe(new NullPointerException());
        assertFalse(npe.contains("Exception"), npe);
        assertTrue(npe.contains("CLOSEDFORM_DEBUG"), npe);
    }
}
