package org.malcomedge.coordinator.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test twin of {@link CommandRunner}: records each command line and answers as scripted. */
final class RecordingRunner implements CommandRunner {

    private final List<String> commands = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private final List<String> missingPrograms = new ArrayList<>();

    private record Answer(Predicate<String> matches, Result result) {
    }

    /** Commands whose line contains {@code fragment} give {@code result} (the first matching rule wins). */
    RecordingRunner answer(String fragment, int exitCode, String output) {
        answers.add(new Answer(line -> line.contains(fragment), new Result(exitCode, output)));
        return this;
    }

    RecordingRunner missing(String program) {
        missingPrograms.add(program);
        return this;
    }

    @Override
    public Result run(List<String> command) throws IOException {
        String line = String.join(" ", command);
        if (missingPrograms.contains(command.get(0))) {
            throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
        }
        commands.add(line);
        return answers.stream().filter(a -> a.matches().test(line)).map(Answer::result).findFirst().orElse(new Result(0, ""));
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    /** The recorded lines that start with {@code start}. */
    List<String> starting(String start) {
        return commands.stream().filter(c -> c.startsWith(start)).toList();
    }
}
