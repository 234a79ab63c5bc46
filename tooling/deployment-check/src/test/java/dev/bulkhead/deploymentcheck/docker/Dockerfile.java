package dev.bulkhead.deploymentcheck.docker;

import dev.bulkhead.deploymentcheck.project.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile, parsed the way BuildKit reads it: line continuations joined, heredocs
 * kept with their instruction, comments dropped, each instruction tagged with its stage.
 */
public final class Dockerfile {

    private static final Pattern HEREDOC = Pattern.compile("<<-?'?\"?([A-Za-z_]+)'?\"?");
    private static final Pattern FROM =
            Pattern.compile("(?i)FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

    /**
     * @param keyword upper-case instruction
     * @param arguments the rest of the line (continuations joined)
     * @param heredoc the body of a heredoc, if the instruction has one
     * @param stage the name (or index) of the stage it belongs to; ARGs before the first FROM are "global"
     */
    public record Instruction(String keyword, String arguments, Optional<String> heredoc, String stage) {}

    private final List<Instruction> instructions;

    private Dockerfile(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    public static Path path() {
        return Repository.path("Dockerfile");
    }

    public static Dockerfile load() {
        return parse(Repository.read(path()));
    }

    static Dockerfile parse(String text) {
        var instructions = new ArrayList<Instruction>();
        String[] lines = text.split("\n", -1);
        String stage = "global";
        int stages = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            var joined = new StringBuilder(line);
            while (joined.toString().endsWith("\\") && i + 1 < lines.length) {
                joined.setLength(joined.length() - 1);
                String next = lines[++i].strip();
                if (next.startsWith("#")) continue;
                joined.append(' ').append(next);
            }
            String full = joined.toString().strip();
            int space = full.indexOf(' ');
            String keyword = (space < 0 ? full : full.substring(0, space)).toUpperCase();
            String arguments = space < 0 ? "" : full.substring(space + 1).strip();
            Optional<String> heredoc = Optional.empty();
            Matcher marker = HEREDOC.matcher(arguments);
            if (marker.find()) {
                String delimiter = marker.group(1);
                var body = new StringBuilder();
                while (++i < lines.length && !lines[i].equals(delimiter)) {
                    body.append(lines[i]).append('\n');
                }
                heredoc = Optional.of(body.toString());
            }
            if (keyword.equals("FROM")) {
                Matcher from = FROM.matcher(full);
                if (!from.matches()) throw new IllegalArgumentException("Cannot read " + full);
                stage = from.group(2) != null ? from.group(2) : Integer.toString(stages);
                stages++;
            }
            instructions.add(new Instruction(keyword, arguments, heredoc, stage));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    public List<Instruction> instructions() {
        return instructions;
    }

    public List<Instruction> instructions(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** Stage names in order. */
    public List<String> stages() {
        return instructions("FROM").stream().map(Instruction::stage).toList();
    }

    /** The last stage: what {@code docker build} produces by default. */
    public String finalStage() {
        var stages = stages();
        return stages.get(stages.size() - 1);
    }

    /** {@code ENV} values of a stage (later ones win), quotes removed. */
    public Map<String, String> environment(String stage) {
        var environment = new LinkedHashMap<String, String>();
        for (Instruction env : instructions("ENV")) {
            if (env.stage().equals(stage)) {
                environment.putAll(keyValues(env.arguments()));
            }
        }
        return environment;
    }

    /** Default values of {@code ARG}s declared before the first FROM. */
    public Map<String, String> globalArguments() {
        var arguments = new LinkedHashMap<String, String>();
        for (Instruction arg : instructions("ARG")) {
            if (arg.stage().equals("global")) {
                arguments.putAll(keyValues(arg.arguments()));
            }
        }
        return arguments;
    }

    /** {@code KEY=value KEY2="quoted value"}. */
    static Map<String, String> keyValues(String text) {
        var values = new LinkedHashMap<String, String>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            int eq = text.indexOf('=', i);
            int space = text.indexOf(' ', i);
            if (eq < 0 || (space >= 0 && space < eq)) {
                String key = (space < 0 ? text.substring(i) : text.substring(i, space)).strip();
                if (!key.isEmpty()) values.put(key, "");
                if (space < 0) break;
                i = space + 1;
                continue;
            }
            String key = text.substring(i, eq);
            i = eq + 1;
            var value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) i++;
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) value.append(text.charAt(i++));
            }
            values.put(key, value.toString());
        }
        return values;
    }
}
