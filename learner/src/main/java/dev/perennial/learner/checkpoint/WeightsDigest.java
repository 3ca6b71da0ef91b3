package dev.perennial.learner.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 that names a checkpoint's weights: over the bytes of its {@code *.safetensors} files in
 * file-name order (for a single-file checkpoint, exactly {@code sha256sum model.safetensors}).
 * {@code PolicyPublished}/{@code LoadPolicy} carry it and the server refuses weights that differ.
 */
public final class WeightsDigest {
  private WeightsDigest() {}

  public static String sha256(Path dirOrFile) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    for (Path f : weightFiles(dirOrFile)) {
      try (InputStream in = Files.newInputStream(f)) {
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The weight files of a checkpoint directory (sorted; optimizer state excluded), or the file itself. */
  public static List<Path> weightFiles(Path dirOrFile) throws IOException {
    if (Files.isRegularFile(dirOrFile)) return List.of(dirOrFile);
    if (!Files.isDirectory(dirOrFile)) throw new IOException("no checkpoint at " + dirOrFile);
    try (Stream<Path> s = Files.list(dirOrFile)) {
      List<Path> files = s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".safetensors") && !n.startsWith("optimizer");
      }).sorted().toList();
      if (files.isEmpty()) throw new IOException("no *.safetensors files in " + dirOrFile);
      return files;
    }
  }
}
