package dev.perennial.runtime.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, refreshed twice a second; plain ASCII when the terminal cannot show Unicode blocks. */
final class Bars {
  private Bars() {}

  static ProgressBar of(String task, long total) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUpdateIntervalMillis(500)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
  }
}
