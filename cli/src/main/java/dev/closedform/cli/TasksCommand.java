package dev.closedform.cli;

import dev.closedform.experiments.task.TaskDefinition;
import dev.closedform.experiments.task.Tasks;
import dev.closedform.train.Method;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List the tasks with their data sizes and training defaults, and the methods.")
final class TasksCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "%-14s %-9s %-7s %-6s %-8s %-8s %s%n", "task", "kind", "epochs", "batch", "sgd lr",
                "adam lr", "sizes");
        for (TaskDefinition d : Tasks.all()) {
            System.out.printf(Locale.ROOT, "%-14s %-9s %-7d %-6d %-8s %-8s %s%n", d.name(), d.kind().name().toLowerCase(Locale.ROOT),
                    d.training().epochs(), d.training().batchSize(), d.training().sgdLearningRate(),
                    d.training().adamLearningRate(), d.sizes());
        }
        System.out.println();
        for (TaskDefinition d : Tasks.all()) {
            System.out.println(d.name() + ": " + d.summary());
        }
        System.out.println();
        System.out.println("methods (train --method, compare --methods):");
        for (Method m : Method.values()) {
            System.out.printf(Locale.ROOT, "  %-10s %s%n", m.label(), m.description());
        }
        System.out.println("instrumental variables: closedform iv --help");
        return 0;
    }
}
