package app.clearmargin.demo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into one table with PostgreSQL's {@code COPY … FROM STDIN} (text format): fields are
 * appended to a byte buffer that goes to the server a megabyte at a time, so a million rows cost a
 * handful of round trips instead of a million statements. Text is escaped as the text format needs.
 */
final class CopyRows implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 20;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CopyIn copy;
    private byte[] buffer = new byte[FLUSH_AT + (64 << 10)];
    private int length;
    private boolean firstField = true;
    private long rows;

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code COPY table (columns) FROM STDIN} on {@code connection} (a PostgreSQL connection, maybe pooled). */
    static CopyRows open(Connection connection, String table, List<String> columns) throws SQLException {
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        return new CopyRows(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
    }

    CopyRows uuid(@Nullable UUID id) {
        if (id == null) {
            return nul();
        }
        separate();
        ensure(36);
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        hex(hi >>> 32, 8);
        buffer[length++] = '-';
        hex(hi >>> 16, 4);
        buffer[length++] = '-';
        hex(hi, 4);
        buffer[length++] = '-';
        hex(lo >>> 48, 4);
        buffer[length++] = '-';
        hex(lo, 12);
        return this;
    }

    private void hex(long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buffer[length + i] = HEX[(int) (value & 15)];
            value >>>= 4;
        }
        length += digits;
    }

    /** Any text, escaped for the text format (backslash, tab, newline, carriage return). */
    CopyRows text(@Nullable String value) {
        if (value == null) {
            return nul();
        }
        return raw(escape(value));
    }

    /** Bytes already escaped (see {@link #escape}), for values written millions of times. */
    CopyRows raw(byte[] escaped) {
        separate();
        ensure(escaped.length);
        System.arraycopy(escaped, 0, buffer, length, escaped.length);
        length += escaped.length;
        return this;
    }

    CopyRows decimal(@Nullable BigDecimal value) {
        return value == null ? nul() : raw(value.toPlainString().getBytes(StandardCharsets.US_ASCII));
    }

    CopyRows integer(long value) {
        return raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    CopyRows bool(boolean value) {
        separate();
        ensure(1);
        buffer[length++] = (byte) (value ? 't' : 'f');
        return this;
    }

    CopyRows date(@Nullable LocalDate date) {
        return date == null ? nul() : raw(date.toString().getBytes(StandardCharsets.US_ASCII));
    }

    CopyRows instant(@Nullable Instant instant) {
        return instant == null ? nul() : raw(SeedTimes.timestamp(instant.toEpochMilli()));
    }

    CopyRows nul() {
        separate();
        ensure(2);
        buffer[length++] = NULL[0];
        buffer[length++] = NULL[1];
        return this;
    }

    void endRow() throws SQLException {
        ensure(1);
        buffer[length++] = '\n';
        firstField = true;
        rows++;
        if (length >= FLUSH_AT) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    /** Sends what is buffered and ends the COPY; returns the number of rows the server stored. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

    private void separate() {
        if (firstField) {
            firstField = false;
        } else {
            ensure(1);
            buffer[length++] = '\t';
        }
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    /** The text-format bytes of {@code value}. */
    static byte[] escape(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return (sb == null ? value : sb.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
