package mechos.runtime.internal.bt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import mechos.runtime.api.bt.Node;

/**
 * Builds a tree from its configuration text, e.g.
 * {@code fallback(sequence(has_pose, rate_limit(5, patrol)), hold)}.
 *
 * <pre>
 * node  := NAME [ '(' arg { ',' arg } ')' ]
 * arg   := node | NUMBER | NAME '=' VALUE
 * </pre>
 * Composites: {@code sequence}, {@code fallback} (both reactive), {@code sequence_memory},
 * {@code fallback_memory}, {@code parallel(N, ...)} (N children must succeed; default all). Decorators:
 * {@code inverter(x)}, {@code retry(N, x)}, {@code timeout(MS, x)}, {@code rate_limit(HZ, x)}. Any other name is a
 * leaf looked up in the registry; its {@code key=value} arguments are passed to the leaf factory.
 */
public final class TreeParser {
    private final Map<String, LeafFactory> leaves;
    private final LongSupplier clock;
    /** Deeper trees are refused: recursion on a nested definition must end in a clear error, not a stack overflow. */
    static final int MAX_DEPTH = 64;
    private String text;
    private int pos;
    private int depth;

    public TreeParser(Map<String, LeafFactory> leaves, LongSupplier clock) {
        this.leaves = Map.copyOf(leaves);
        this.clock = clock;
    }

    /** @throws IllegalArgumentException with the position and the reason when the text is not a valid tree */
    public synchronized Node parse(String definition) {
        if (definition == null) {
            throw new IllegalArgumentException("behaviour tree: no definition given");
        }
        this.text = definition;
        this.pos = 0;
        this.depth = 0;
        Node n = node();
        skipSpace();
        if (pos != text.length()) {
            throw error("unexpected text after the tree");
        }
        return n;
    }

    private Node node() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return nodeAtDepth();
        } finally {
            depth--;
        }
    }

    private Node nodeAtDepth() {
        String name = ident();
        List<Node> children = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '(') {
            pos++;
            do {
                skipSpace();
                char c = peek();
                if (Character.isDigit(c) || c == '-' || c == '.') {
                    numbers.add(number());
                } else {
                    int save = pos;
                    String id = ident();
                    skipSpace();
                    if (peek() == '=') {
                        pos++;
                        params.put(id, value());
                    } else {
                        pos = save;
                        children.add(node());
                    }
                }
                skipSpace();
            } while (consume(','));
            if (!consume(')')) {
                throw error("expected ',' or ')'");
            }
        }
        return build(name, numbers, children, params);
    }

    private Node build(String name, List<Double> numbers, List<Node> children, Map<String, String> params) {
        switch (name) {
            case "sequence", "sequence_memory" -> {
                requireChildren(name, children, 1);
                return new Sequence(name, !name.endsWith("_memory"), children);
            }
            case "fallback", "fallback_memory", "selector" -> {
                requireChildren(name, children, 1);
                return new Fallback(name, !name.endsWith("_memory"), children);
            }
            case "parallel" -> {
                requireChildren(name, children, 1);
                int threshold = numbers.isEmpty() ? children.size() : numbers.get(0).intValue();
                return new Parallel(name, threshold, children);
            }
            case "inverter" -> {
                return new Decorators.Inverter(single(name, children));
            }
            case "retry" -> {
                return new Decorators.Retry(requireNumber(name, numbers).intValue(), single(name, children));
            }
            case "timeout" -> {
                return new Decorators.Timeout(requireNumber(name, numbers).longValue(), single(name, children),
                        clock);
            }
            case "rate_limit" -> {
                return new Decorators.RateLimit(requireNumber(name, numbers), single(name, children), clock);
            }
            default -> {
                LeafFactory f = leaves.get(name);
                if (f == null) {
                    throw error("unknown behaviour '" + name + "' (known: " + new java.util.TreeSet<>(leaves.keySet())
                            + ")");
                }
                if (!children.isEmpty() || !numbers.isEmpty()) {
                    throw error("leaf '" + name + "' takes only key=value parameters");
                }
                return f.create(params);
            }
        }
    }

    private void requireChildren(String name, List<Node> children, int min) {
        if (children.size() < min) {
            throw error("'" + name + "' needs at least " + min + " child");
        }
    }

    private Node single(String name, List<Node> children) {
        if (children.size() != 1) {
            throw error("'" + name + "' decorates exactly one child, got " + children.size());
        }
        return children.get(0);
    }

    private Double requireNumber(String name, List<Double> numbers) {
        if (numbers.size() != 1) {
            throw error("'" + name + "' needs one number argument");
        }
        return numbers.get(0);
    }

    private String ident() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && "0123456789.-+eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number '" + text.substring(start, pos) + "'");
        }
    }

    private String value() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && ",()".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private boolean consume(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String why) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return new IllegalArgumentException("behaviour tree at " + pos + ": " + why + " in: " + shown);
    }
}
