package mechos.shell.internal;

import java.util.Arrays;
import java.util.Locale;

/** Small helpers for command arguments: bad input becomes a {@link UsageException} with a clear message. */
final class Args {
    private Args() {
    }

    /** A command was called wrongly; the message says what is wrong, the usage what is right. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static boolean isHelp(String... args) {
        return args.length > 0 && (args[0].equals("help") || args[0].equals("-h") || args[0].equals("--help"));
    }

    static double number(String name, String value) {
        try {
            double v = Double.parseDouble(value.trim());
            if (!Double.isFinite(v)) {
                throw new UsageException(name + " must be a finite number, got '" + value + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + value + "'");
        }
    }

    static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got '" + value + "'");
        }
    }

    static String rest(String[] args, int from) {
        return String.join(" ", Arrays.copyOfRange(args, Math.min(from, args.length), args.length));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String error(String message, String usage) {
        return "error: " + message + "\nusage: " + usage;
    }
}
