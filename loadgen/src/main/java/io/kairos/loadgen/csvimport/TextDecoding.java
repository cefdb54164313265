package io.kairos.loadgen.csvimport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How the file's bytes become characters. Given an encoding, every byte must be valid in it, or
 * the import stops at the first one that is not, naming its line. Without one ("auto"): a
 * byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode text" writes it); otherwise the
 * whole file is checked as strict UTF-8 first, and at the first byte that is not UTF-8 the whole
 * file is read as ISO-8859-1 (Latin-1, in which every byte is a character), with a note saying
 * where. The check is a pass of its own over the bytes, so it ends on any input.
 *
 * <p>Never a replacement character and never a decoder left to loop: the reader that follows the
 * check reports, and is only given bytes that were checked.
 */
public final class TextDecoding {
    private static final int CHUNK = 64 * 1024;

    /** The charset to read with, the bytes of a byte-order mark to skip, and what to tell the user (or null). */
    public record Decided(Charset charset, int skip, String note) {
        public Reader open(ByteSource source) throws IOException {
            InputStream in = source.open();
            in.skipNBytes(skip);
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new InputStreamReader(in, decoder);
        }
    }

    private record Bad(long line, long column, String bytes) {}

    private TextDecoding() {}

    /**
     * @param requested the encoding the user gave, or null to detect it
     * @throws ImportFailure (data) when a byte is not valid in the requested encoding
     */
    public static Decided decide(ByteSource source, Charset requested) throws IOException, ImportFailure {
        byte[] head;
        try (InputStream in = source.open()) {
            head = in.readNBytes(3);
        }
        int bom = startsWith(head, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        if (requested == null) {
            if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF)) {
                Charset utf16 = head[0] == (byte) 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
                return strictly(source, utf16, 2, "read as " + utf16 + " (its byte-order mark)");
            }
            Bad bad = firstBad(source, StandardCharsets.UTF_8, bom);
            if (bad == null) {
                return new Decided(StandardCharsets.UTF_8, bom, null);
            }
            return new Decided(StandardCharsets.ISO_8859_1, bom, String.format(
                    "line %d, character %d: byte %s is not UTF-8, so the whole file is read as ISO-8859-1"
                            + " (Latin-1); --encoding windows-1252 or another to choose", bad.line(), bad.column(),
                    bad.bytes()));
        }
        return strictly(source, requested, requested.equals(StandardCharsets.UTF_8) ? bom : 0, null);
    }

    private static Decided strictly(ByteSource source, Charset charset, int skip, String note)
            throws IOException, ImportFailure {
        Bad bad = firstBad(source, charset, skip);
        if (bad != null) {
            String hint = charset.equals(StandardCharsets.UTF_8)
                    ? "; the file may be ISO-8859-1 or windows-1252: give that as --encoding, or leave --encoding out"
                    + " to detect it" : "; give the file's encoding as --encoding, or leave it out to detect it";
            throw ImportFailure.data(String.format("line %d, character %d: byte%s %s %s not valid %s%s",
                    bad.line(), bad.column(), bad.bytes().contains(" ") ? "s" : "", bad.bytes(),
                    bad.bytes().contains(" ") ? "are" : "is", charset, hint));
        }
        return new Decided(charset, skip, note);
    }

    /** The first byte sequence that {@code charset} does not decode, with its line and character, or null. */
    private static Bad firstBad(ByteSource source, Charset charset, int skip) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
        CharBuffer chars = CharBuffer.allocate(CHUNK);
        long line = 1;
        long column = 0;
        boolean previousCr = false;
        try (InputStream in = source.open()) {
            in.skipNBytes(skip);
            boolean eof = false;
            while (true) {
                int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                CoderResult result;
                do {
                    result = decoder.decode(bytes, chars, eof);
                    chars.flip();
                    while (chars.hasRemaining()) {
                        char c = chars.get();
                        if (c == '\n' && previousCr) {
                            previousCr = false;
                            continue;
                        }
                        previousCr = c == '\r';
                        if (c == '\n' || c == '\r') {
                            line++;
                            column = 0;
                        } else {
                            column++;
                        }
                    }
                    chars.clear();
                    if (result.isError()) {
                        byte[] badBytes = new byte[Math.min(result.length(), bytes.remaining())];
                        bytes.get(badBytes);
                        return new Bad(line, column + 1, hex(badBytes));
                    }
                } while (result.isOverflow());
                bytes.compact();
                if (eof) {
                    break;
                }
            }
            decoder.flush(chars);
        } catch (CharacterCodingException e) {
            return new Bad(line, column + 1, "?"); // not reached: errors are results with REPORT
        }
        return null;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append("0x").append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return s.toString();
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
