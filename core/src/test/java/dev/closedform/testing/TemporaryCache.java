package dev.closedform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the data cache ({@code closedform.cache}) of each test at a fresh folder and restores the
 * previous value afterwards, so a test that generates data neither reads the user's cache nor fills
 * it: {@code @ExtendWith(TemporaryCache.class)}.
 */
public final class TemporaryCache implements BeforeEachCallback, AfterEachCallback {

    public static final String PROPERTY = "closedform.cache";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TemporaryCache.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getStore(NS);
        store.put("previous", String.valueOf(System.getProperty(PROPERTY)));
        Path folder = Files.createTempDirectory("closedform-cache");
        store.put("folder", folder);
        System.setProperty(PROPERTY, folder.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getStore(NS);
        String previous = store.get("previous", String.class);
        if ("null".equals(previous)) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        try (Stream<Path> files = Files.walk(store.get("folder", Path.class))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The cache folder of the running test. */
    public static Path folder() {
        return Path.of(System.getProperty(PROPERTY));
    }
}
