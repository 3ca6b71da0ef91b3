package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output capped to a byte budget by keeping its head and tail and saying what was cut from the
 * middle: the end of a traceback matters as much as the start of the output. Reading a file this
 * way never loads more than the budget, however much the code printed.
 */
final class CapturedOutput {
  private CapturedOutput() {}

  /** Reads at most {@code cap} bytes of {@code file} (head and tail halves when it is larger). */
  static String read(Path file, int cap, String streamName) {
    if (!Files.exists(file)) return "";
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long total = f.length();
      if (total <= cap) {
        byte[] all = new byte[(int) total];
        f.readFully(all);
        return render(all, new byte[0], total, streamName);
      }
      byte[] head = new byte[cap / 2];
      byte[] tail = new byte[cap - cap / 2];
      f.readFully(head);
      f.seek(total - tail.length);
      f.readFully(tail);
      return render(head, tail, total, streamName);
    } catch (IOException e) {
      return "[could not read " + streamName + ": " + e.getMessage() + "]";
    }
  }

  /**
   * Joins head and tail with a note of how many bytes were dropped ({@code total} minus both),
   * cutting back to whole UTF-8 characters at the seam so that no mangled character appears.
   */
  static String render(byte[] head, byte[] tail, long total, String streamName) {
    long dropped = total - head.length - tail.length;
    if (dropped <= 0 && tail.length == 0) return new String(head, StandardCharsets.UTF_8);
    int headEnd = wholeCharsEnd(head);
    int tailStart = wholeCharsStart(tail);
    long cut = dropped + (head.length - headEnd) + tailStart;
    return new String(head, 0, headEnd, StandardCharsets.UTF_8)
        + "\n[... " + cut + " bytes of " + streamName + " truncated from the middle (" + total
        + " bytes in all) ...]\n"
        + new String(tail, tailStart, tail.length - tailStart, StandardCharsets.UTF_8);
  }

  /** Length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
  private static int wholeCharsEnd(byte[] b) {
    int i = b.length;
    int back = 0;
    while (i > 0 && back < 4 && (b[i - 1] & 0xC0) == 0x80) { i--; back++; }
    if (i == 0) return b.length;
    int lead = b[i - 1] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need == back + 1 ? b.length : i - 1;
  }

  /** Index of the first byte that starts a character (skips continuation bytes at the seam). */
  private static int wholeCharsStart(byte[] b) {
    int i = 0;
    while (i < b.length && i < 4 && (b[i] & 0xC0) == 0x80) i++;
    return i;
  }
}
