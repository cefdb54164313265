package io.kairos.loadgen.csvimport;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits text into rows of fields, each with the line it starts on: RFC 4180 quoting (a quoted
 * field may hold separators, doubled quotes and line breaks), any one-character separator, or
 * runs of blanks (spaces and tabs) as in a whitespace-aligned file. A quote inside an unquoted
 * field is kept as a character ({@code 12" RULER}).
 *
 * <p>A row that cannot be split is reported as {@link Broken}, with where and why, and reading
 * goes on <em>from the next line after the one the broken row started on</em>, so a stray quote
 * costs its own line and never the rows after it. A quoted field that spans lines is only
 * believed when it closes properly and leaves a row of the expected column count; otherwise it
 * is taken for an unterminated quote. A quoted field may span at most {@link #MAX_RECORD_LINES}
 * lines, and a line may be at most {@link #MAX_LINE_CHARS} characters (the rest is skipped), so
 * memory is bounded whatever the input.
 */
public final class RowReader {
    public static final int MAX_RECORD_LINES = 100;
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** The separator value that means runs of spaces and tabs. */
    public static final char WHITESPACE = '\u0000';

    /** What {@link #next()} returns: a row, a broken row, or null at the end. */
    public sealed interface Next permits Row, Broken {
        long line();
    }

    public record Row(long line, String[] fields) implements Next {}

    /** A row that could not be split: its first line, the character there, and what is wrong. */
    public record Broken(long line, long character, String problem) implements Next {}

    private record Line(long number, String text, boolean tooLong) {}

    private final Reader in;
    private final char separator;
    private final char[] buffer = new char[8192];
    private int pos;
    private int len;
    private long nextLineNumber = 1;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private int expectedColumns = -1;

    public RowReader(Reader in, char separator) {
        this.in = in;
        this.separator = separator;
    }

    /** From now on, a row spanning lines must have this many fields to be believed. */
    public void expectColumns(int columns) {
        this.expectedColumns = columns;
    }

    /** The next row (blank lines are skipped), or null at the end of the input. */
    public Next next() throws IOException {
        while (true) {
            Line first = line();
            if (first == null) {
                return null;
            }
            if (first.tooLong()) {
                return new Broken(first.number(), MAX_LINE_CHARS, "a line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (first.text().isBlank()) {
                continue;
            }
            List<Line> taken = new ArrayList<>();
            taken.add(first);
            Next next = split(taken);
            if (next instanceof Broken) {
                for (int i = taken.size() - 1; i >= 1; i--) {
                    pushedBack.addFirst(taken.get(i)); // read again: they may be good rows
                }
            }
            return next;
        }
    }

    private Next split(List<Line> taken) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        Line current = taken.get(0);
        String text = current.text();
        int i = 0;
        boolean pad = separator != ' ' && separator != WHITESPACE; // spaces around a quoted field
        int quoteAt = 0;
        int spanAt = 0; // the quote on the first line that ran over the line's end
        while (true) {
            // at the start of a field
            if (separator == WHITESPACE) {
                while (i < text.length() && blank(text.charAt(i))) {
                    i++;
                }
                if (i == text.length()) {
                    break; // trailing blanks end the row
                }
            }
            int start = i;
            while (pad && i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '"') {
                quoteAt = i + 1;
                i++;
                while (true) {
                    if (i == text.length()) {
                        if (taken.size() == 1) {
                            spanAt = quoteAt;
                        }
                        if (taken.size() >= MAX_RECORD_LINES) {
                            return unterminated(taken, spanAt, "not closed within "
                                    + MAX_RECORD_LINES + " lines");
                        }
                        Line more = line();
                        if (more == null) {
                            return unterminated(taken, spanAt, "never closed");
                        }
                        if (more.tooLong()) {
                            pushedBack.addFirst(more);
                            return unterminated(taken, spanAt, "not closed before a line too long to read");
                        }
                        taken.add(more);
                        current = more;
                        text = more.text();
                        i = 0;
                        field.append('\n');
                        continue;
                    }
                    char c = text.charAt(i);
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                while (pad && i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
                if (i < text.length() && !isSeparator(text.charAt(i))) {
                    String after = show(text.substring(i, Math.min(text.length(), i + 12)));
                    if (taken.size() > 1) {
                        return unterminated(taken, spanAt, String.format("closed on line %d by a quote followed by"
                                + " %s instead of %s", current.number(), after, separatorName()));
                    }
                    return new Broken(taken.get(0).number(), i + 1, String.format(
                            "%s after the closing quote of the field at character %d; expected %s", after, quoteAt,
                            separatorName()));
                }
            } else {
                i = start;
                while (i < text.length() && !isSeparator(text.charAt(i))) {
                    field.append(text.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i == text.length()) {
                break;
            }
            i++; // the separator
            if (i == text.length() && separator != WHITESPACE) {
                fields.add(""); // "a,b," has three fields
                break;
            }
        }
        if (taken.size() > 1 && expectedColumns >= 0 && fields.size() != expectedColumns) {
            return unterminated(taken, spanAt, String.format(
                    "closed on line %d, leaving %d columns instead of %d", current.number(), fields.size(),
                    expectedColumns));
        }
        return new Row(taken.get(0).number(), fields.toArray(String[]::new));
    }

    private static Broken unterminated(List<Line> taken, int quoteAt, String what) {
        return new Broken(taken.get(0).number(), quoteAt, String.format(
                "the quoted field that starts here is %s: taken for an unterminated quote, this line is skipped"
                        + " and reading goes on with the next", what));
    }

    private boolean isSeparator(char c) {
        return separator == WHITESPACE ? blank(c) : c == separator;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private String separatorName() {
        return switch (separator) {
            case WHITESPACE -> "a space or tab";
            case '\t' -> "a tab";
            default -> "'" + separator + "'";
        };
    }

    static String show(String s) {
        StringBuilder out = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('\'').toString();
    }

    /** The next physical line (ended by \n, \r\n or \r), or null at the end. */
    private Line line() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        if (!fill()) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        boolean tooLong = false;
        while (fill()) {
            char c = buffer[pos++];
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (fill() && buffer[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (s.length() < MAX_LINE_CHARS) {
                s.append(c);
            } else {
                tooLong = true;
            }
        }
        return new Line(nextLineNumber++, tooLong ? "" : s.toString(), tooLong);
    }

    private boolean fill() throws IOException {
        while (pos == len) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            len = n;
        }
        return true;
    }
}
