package mechos.memory.internal.recorder;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Topic name patterns where {@code *} matches any run of characters; an empty list matches everything. */
public final class TopicFilter implements Predicate<String> {
    private final List<Pattern> patterns;

    public TopicFilter(List<String> globs) {
        this.patterns = globs.stream().filter(g -> !g.isBlank()).map(TopicFilter::compile).toList();
    }

    private static Pattern compile(String glob) {
        String[] parts = glob.trim().split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public boolean test(String topic) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(topic).matches());
    }
}
