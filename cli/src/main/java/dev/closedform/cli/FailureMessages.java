package dev.closedform.cli;

import dev.closedform.head.NotPositiveDefiniteException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The one line the tool prints for a failed command: the failure in words, with the library's
 * names of settings replaced by the options that set them, and never a Java class name.
 */
final class FailureMessages {

    /** The library's wording of a setting, and the option that sets it. */
    private static final Map<String, String> OPTIONS = Map.of(
            "ridge (beta)", "--ridge",
            "prox (lambda)", "--prox",
            "lower the learning rate", "lower --lr",
            "the proximal initial head", "--initial-head proximal");

    /** A qualified or simple exception class name, with the ": " that usually follows it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b(?::\\s*)?");

    private FailureMessages() {}

    /** Bad options or bad input data (exit code 2), as opposed to a run that failed (exit code 1). */
    static boolean isUsage(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof NotPositiveDefiniteException;
    }

    /** The line to print, without the tool's name. */
    static String describe(Throwable e) {
        return optionNames(OptionNames.translate(words(unwrap(e))));
    }

    static String optionNames(String message) {
        String out = message;
        for (Map.Entry<String, String> o : OPTIONS.entrySet()) {
            out = out.replace(o.getKey(), o.getValue());
        }
        return out;
    }

    /** Wrappers that add nothing: the failure is their cause. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof ExecutionException || t instanceof CompletionException
                || (t instanceof UncheckedIOException && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))))) {
            t = t.getCause();
        }
        return t;
    }

    private static String words(Throwable t) {
        if (t instanceof FileSystemException f) {
            String file = f.getFile() == null ? "" : f.getFile();
            String what = t instanceof NoSuchFileException ? "no such file or directory"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof FileAlreadyExistsException ? "already exists"
                    : t instanceof NotDirectoryException ? "not a directory"
                    : t instanceof DirectoryNotEmptyException ? "directory not empty"
                    : f.getReason() == null ? "cannot access" : f.getReason();
            return what + ": " + file + (f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")");
        }
        String message = t.getMessage() == null ? "" : CLASS_NAME.matcher(t.getMessage()).replaceAll("").strip();
        if (t instanceof EOFException) {
            return "unexpected end of file" + (message.isEmpty() ? "" : ": " + message);
        }
        return message.isEmpty() ? "unexpected internal failure (run with CLOSEDFORM_DEBUG=1 to see where)" : message;
    }
}
