package dev.perennial.environments.terminal;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.pack.GeneratedEnvironment;
import dev.perennial.environments.pack.PackDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * terminal (RL-SPEC §1, cross-domain evaluation only): a simulated shell over a virtual file tree;
 * the pack hides which OS the local machine runs (Linux, macOS or Windows) and so which commands
 * and path conventions work; the remote host {@code server} is Linux. Tasks rename, move, copy,
 * delete, mkdir, chmod (not on Windows), upload, download; from difficulty 1 also pack into an
 * archive and a composite (mkdir, then move). 12 commands per task via the env tool.
 */
public final class TerminalEnvironment extends GeneratedEnvironment {
  public static final String NAME = "terminal";
  static final int MAX_STEPS = 12;
  private static final String[] USERS = {"ana", "ben", "chen", "dara", "eli", "femi"};
  private static final String[] FILES = {"notes.txt", "report.pdf", "photo.png", "todo.md", "data.csv", "old.log", "run.sh", "plan.docx"};
  private static final String[] DIRS = {"Documents", "Downloads", "Desktop"};
  private static final String[] NEW = {"projects", "archive", "backup", "drafts"};

  @Override
  public String name() { return NAME; }

  @Override
  public String instructions() {
    return "Do the file task with shell commands, one per env tool call. The local machine's OS is not told; the server is Linux.";
  }

  @Override
  protected PackDraft draft(PackSpec spec, int count, SplittableRandom rng) {
    OsKind os = OsKind.values()[rng.nextInt(3)];
    String user = USERS[rng.nextInt(USERS.length)];
    List<Job.Kind> kinds = new ArrayList<>(List.of(Job.Kind.RENAME, Job.Kind.MOVE, Job.Kind.COPY, Job.Kind.DELETE, Job.Kind.MKDIR,
        Job.Kind.UPLOAD, Job.Kind.DOWNLOAD));
    if (os != OsKind.WINDOWS) kinds.add(Job.Kind.CHMOD);
    if (spec.difficulty() > 0) { kinds.add(Job.Kind.PACK); kinds.add(Job.Kind.MKDIR_MOVE); }
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Job job = job(rng, kinds.get(rng.nextInt(kinds.size())), user);
      Map<String, String> info = new LinkedHashMap<>();
      info.put("os", os.word());
      info.put("user", user);
      info.put("kind", job.kind().name());
      info.put("a", job.a());
      info.put("b", job.b());
      info.put("c", job.c());
      String prompt = job.prompt() + " The server is " + user + "@server. At most " + MAX_STEPS + " commands.";
      tasks.add(new Task("", NAME, NAME, prompt, "done", info, List.of("env")));
    }
    return new PackDraft("os: " + os.word() + ", user " + user, tasks);
  }

  private static Job job(SplittableRandom rng, Job.Kind kind, String user) {
    String dir = DIRS[rng.nextInt(DIRS.length)];
    String other = DIRS[(java.util.Arrays.asList(DIRS).indexOf(dir) + 1 + rng.nextInt(2)) % DIRS.length];
    String file = FILES[rng.nextInt(FILES.length)];
    String file2 = FILES[(java.util.Arrays.asList(FILES).indexOf(file) + 1 + rng.nextInt(FILES.length - 1)) % FILES.length];
    String stem = file.substring(0, file.indexOf('.'));
    String fresh = NEW[rng.nextInt(NEW.length)];
    return switch (kind) {
      case RENAME -> new Job(kind, dir + "/" + file, stem + "_v2" + file.substring(file.indexOf('.')), "");
      case MOVE, COPY -> new Job(kind, dir + "/" + file, other, "");
      case DELETE -> new Job(kind, dir + "/" + file, "", "");
      case MKDIR -> new Job(kind, dir + "/" + fresh, "", "");
      case CHMOD -> new Job(kind, "run.sh", "", "");
      case UPLOAD -> new Job(kind, dir + "/" + file, "/home/" + user + "/inbox", "");
      case DOWNLOAD -> new Job(kind, "/home/" + user + "/reports/" + file, other, "");
      case PACK -> new Job(kind, dir + "/" + file, dir + "/" + file2, dir + "/" + fresh + ".zip");
      case MKDIR_MOVE -> new Job(kind, dir + "/" + fresh, other + "/" + file, "");
    };
  }

  @Override
  public TaskSession open(Task task) {
    Map<String, String> x = task.extraInfo();
    OsKind os = OsKind.valueOf(x.get("os").toUpperCase(java.util.Locale.ROOT));
    String user = x.get("user");
    Job job = new Job(Job.Kind.valueOf(x.get("kind")), x.get("a"), x.get("b"), x.get("c"));
    String home = os.home(user);
    VirtualFs local = new VirtualFs(os == OsKind.WINDOWS, os == OsKind.WINDOWS ? "C:" : "/");
    local.mkdir(home, true);
    for (String d : DIRS) local.mkdir(home + "/" + d, false);
    local.write(home + "/run.sh", "echo hi", "644");
    local.write(home + "/Documents/readme.txt", "hello", "644");
    List<String> sources = switch (job.kind()) {
      case RENAME, MOVE, COPY, DELETE, UPLOAD -> List.of(job.a());
      case PACK -> List.of(job.a(), job.b());
      case MKDIR_MOVE -> List.of(job.b());
      default -> List.of();
    };
    for (String p : sources) local.write(home + "/" + p, "content of " + VirtualFs.name(p), "644");
    VirtualFs remote = new VirtualFs(false, "/");
    remote.mkdir("/home/" + user + "/inbox", true);
    remote.mkdir("/home/" + user + "/reports", true);
    for (String f : FILES) remote.write("/home/" + user + "/reports/" + f, "remote " + f, "644");
    return new TerminalSession(job, os, user, local, remote, MAX_STEPS);
  }

  @Override
  public Optional<Expert> expert() { return Optional.of(new TerminalExpert()); }
}
