package dev.closedform.cli;

import dev.closedform.experiments.study.TimeToTargetTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "time-to-target", mixinStandardHelpOptions = true, usageHelpWidth = 120,
        description = {"Seconds and steps each method of one or more compare folders (same data) needs to reach the",
            "median final error of a reference method, and to 1.1x its own final error; medians over seeds."},
        footer = {"", "Example:", "  closedform time-to-target --reference adam runs/study-a runs/study-b"})
final class TimeToTargetCommand implements Callable<Integer> {

    @Option(names = "--reference", required = true, paramLabel = "METHOD",
            description = "The method whose median final error is the target (as it appears in the runs, e.g. adam).")
    String reference;

    @Parameters(arity = "1..*", paramLabel = "FOLDER", description = "compare output folders.")
    List<Path> folders;

    @Override
    public Integer call() {
        TimeToTargetTable.markdown(TimeToTargetTable.of(folders, reference), reference).forEach(System.out::println);
        return 0;
    }
}
