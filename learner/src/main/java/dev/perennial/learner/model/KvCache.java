package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/**
 * Keys and values of every layer for a batch of rows, in preallocated buffers
 * [rows, kvHeads, capacity, headDim] that are written in place.
 *
 * <p>Layout: all rows share one write position {@code end}; row r holds its tokens in the slots
 * [start[r], end), i.e. right-aligned, so a decode step appends one slot for every row at once and
 * attention reads one window [min start, end] through a view. Rotary positions are per token, not
 * per slot, so where a row's slots begin does not matter. A free row (a sequence left) keeps its
 * buffers and is reused by the next sequence that joins; {@link #compactRows()} drops free rows when
 * they are too many. Buffers are reallocated only when a row's prompt needs more slots before
 * {@code end} than exist, the window outgrows the capacity, or rows are added.
 */
public final class KvCache implements AutoCloseable {
  private static final int FREE = -1;
  static final float MASKED = -1e9f;

  private final NDManager manager;
  private final boolean zeroed;
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private NDArray[] keys;
  private NDArray[] values;
  private int rows;
  private int capacity;
  private int end;
  private int[] start;

  public KvCache(NDManager parent, ModelConfig c, int rows, int capacity) {
    this(parent, c, rows, capacity, true);
  }

  private KvCache(NDManager parent, ModelConfig c, int rows, int capacity, boolean zeroed) {
    this.zeroed = zeroed;
    this.manager = parent.newSubManager();
    this.layers = c.numHiddenLayers();
    this.kvHeads = c.numKeyValueHeads();
    this.headDim = c.headDim();
    this.rows = rows;
    this.capacity = capacity;
    this.start = new int[rows];
    Arrays.fill(start, FREE);
    this.keys = allocate(rows, capacity);
    this.values = allocate(rows, capacity);
  }

  /**
   * A cache whose rows all start at slot 0, for one prefill pass that writes every slot (prompt and
   * padding, or a cached prefix and the rest), so its buffers need no zeroing.
   */
  public static KvCache forPrefill(NDManager parent, ModelConfig c, int rows, int length) {
    KvCache cache = new KvCache(parent, c, rows, length, false);
    Arrays.fill(cache.start, 0);
    return cache;
  }

  public int rows() { return rows; }
  public int end() { return end; }
  public boolean isFree(int row) { return start[row] == FREE; }

  /** Tokens held by a row (its current length). */
  public int length(int row) { return start[row] == FREE ? 0 : end - start[row]; }

  public int liveRows() {
    int n = 0;
    for (int s : start) if (s != FREE) n++;
    return n;
  }

  public int freeRow() {
    for (int r = 0; r < rows; r++) if (start[r] == FREE) return r;
    return -1;
  }

  public void release(int row) { start[row] = FREE; }

  /** First slot any live row uses; attention reads from here. */
  int windowStart() {
    int ws = end;
    for (int s : start) if (s != FREE && s < ws) ws = s;
    return ws;
  }

  /** Writes this pass's keys/values [B, kvHeads, T, D] at [end, end+T) and returns views of the window up to end+T. */
  NDArray[] appendAndView(int layer, NDArray k, NDArray v, NDManager owner) {
    int t = (int) k.getShape().get(2);
    if (end + t > capacity) throw new IllegalStateException("KV cache full: reserve() before the forward pass");
    long[] min = {0, 0, end, 0};
    long[] max = {rows, kvHeads, end + t, headDim};
    long[] step = {1, 1, 1, 1};
    JniUtils.indexSet((PtNDArray) keys[layer], (PtNDArray) k, min, max, step);
    JniUtils.indexSet((PtNDArray) values[layer], (PtNDArray) v, min, max, step);
    int ws = windowStart();
    NDArray kView = JniUtils.slice((PtNDArray) keys[layer], 2, ws, end + t, 1);
    NDArray vView = JniUtils.slice((PtNDArray) values[layer], 2, ws, end + t, 1);
    kView.attach(owner);
    vView.attach(owner);
    return new NDArray[] {kView, vView};
  }

  /** Call after every layer has appended: the T new slots now belong to every live row. */
  public void advance(int t) { end += t; }

  /**
   * The additive mask for one decode step, [rows, 1, window+1]: a live row sees its own slots
   * and the new one; a free row only the new slot (so its softmax stays finite).
   */
  public NDArray decodeMask(NDManager m) {
    int ws = windowStart();
    int width = end - ws + 1;
    float[] mask = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      int from = start[r] == FREE ? end : start[r];
      Arrays.fill(mask, r * width, r * width + (from - ws), MASKED);
    }
    return m.create(mask, new Shape(rows, 1, width));
  }

  /**
   * Makes at least {@code front} slots available before {@code end} and {@code back} after it. A
   * relayout copies the whole cache, so it leaves slack on both sides: agents' contexts grow turn
   * by turn, and each decode step takes one more slot.
   */
  public void reserve(int front, int back) {
    if (end >= front && capacity - end >= back) return;
    int ws = liveRows() == 0 ? end : windowStart();
    int newEnd = Math.max(front + front / 2 + 16, end - ws);
    int newCapacity = roundUp(newEnd + Math.max(back, newEnd / 2) + 64, 64);
    relayout(rows, newCapacity, ws, newEnd, allRows());
  }

  /** Adds {@code n} free rows after the existing ones. */
  public void addRows(int n) {
    relayout(rows + n, capacity, windowStart(), end, allRows());
  }

  /**
   * Copies the last {@code length} slots of {@code source}'s row {@code sourceRow} into free row
   * {@code row}, right-aligned at {@code end}; {@link #reserve} must have made room for them.
   */
  public void place(int row, KvCache source, int sourceRow, int length) {
    if (start[row] != FREE) throw new IllegalStateException("row " + row + " is in use");
    if (length > end) throw new IllegalStateException("reserve(" + length + ", ...) before place");
    long[] srcMin = {sourceRow, 0, source.end - length, 0};
    long[] srcMax = {sourceRow + 1, kvHeads, source.end, headDim};
    long[] dstMin = {row, 0, end - length, 0};
    long[] dstMax = {row + 1, kvHeads, end, headDim};
    for (int l = 0; l < layers; l++) {
      copy(source.keys[l], srcMin, srcMax, keys[l], dstMin, dstMax);
      copy(source.values[l], srcMin, srcMax, values[l], dstMin, dstMax);
    }
    start[row] = end - length;
  }

  /** Copies of a live row's keys and values, per layer [1, kvHeads, length, D], owned by {@code into}. */
  public NDArray[][] copyRow(int row, NDManager into) {
    if (length(row) == 0) throw new IllegalStateException("row " + row + " is empty");
    NDArray[][] out = new NDArray[2][layers];
    long[] min = {row, 0, start[row], 0}, max = {row + 1, kvHeads, end, headDim}, step = {1, 1, 1, 1};
    for (int l = 0; l < layers; l++) {
      for (int kv = 0; kv < 2; kv++) {
        try (PtNDArray view = JniUtils.index((PtNDArray) (kv == 0 ? keys : values)[l], min, max, step, (PtNDManager) manager)) {
          NDArray copy = view.duplicate();
          copy.attach(into);
          out[kv][l] = copy;
        }
      }
    }
    return out;
  }

  /**
   * Appends the first {@code length} slots of per-layer keys/values [rows, kvHeads, ≥length, D] at
   * {@code end} for every row and advances: how a prefill cache starts from a cached prefix.
   */
  public void append(NDArray[] layerKeys, NDArray[] layerValues, int length) {
    if (end + length > capacity) throw new IllegalStateException("KV cache full: reserve() first");
    long[] srcMin = {0, 0, 0, 0}, srcMax = {rows, kvHeads, length, headDim};
    long[] dstMin = {0, 0, end, 0}, dstMax = {rows, kvHeads, end + length, headDim};
    for (int l = 0; l < layers; l++) {
      copy(layerKeys[l], srcMin, srcMax, keys[l], dstMin, dstMax);
      copy(layerValues[l], srcMin, srcMax, values[l], dstMin, dstMax);
    }
    end += length;
  }

  /**
   * Drops free rows; returns old row → new row (-1 for a dropped row). The caller renumbers the
   * sequences it keeps by row.
   */
  public int[] compactRows() {
    int[] map = new int[rows];
    int live = liveRows();
    int[] kept = new int[live];
    int next = 0;
    for (int r = 0; r < rows; r++) {
      map[r] = start[r] == FREE ? -1 : next;
      if (start[r] != FREE) kept[next++] = r;
    }
    relayout(live, capacity, windowStart(), end, kept);
    return map;
  }

  /**
   * New buffers of {@code newRows} × {@code newCapacity}; old rows {@code kept[i]} become rows i with
   * their slots [ws, end) moved to end at {@code newEnd}. Rows beyond kept.length are free.
   */
  private void relayout(int newRows, int newCapacity, int ws, int newEnd, int[] kept) {
    int window = end - ws;
    NDArray[] newKeys = allocate(newRows, newCapacity);
    NDArray[] newValues = allocate(newRows, newCapacity);
    int[] newStart = new int[newRows];
    Arrays.fill(newStart, FREE);
    for (int i = 0; i < kept.length; i++) {
      int s = start[kept[i]];
      newStart[i] = s == FREE ? FREE : s + (newEnd - end);
    }
    if (window > 0 && kept.length > 0) {
      boolean prefix = kept.length == rows || kept[kept.length - 1] == kept.length - 1;
      long[] srcMin = {0, 0, ws, 0}, srcMax = {kept.length, kvHeads, end, headDim};
      long[] dstMin = {0, 0, newEnd - window, 0}, dstMax = {kept.length, kvHeads, newEnd, headDim};
      try (NDManager scratch = manager.newSubManager();
           NDArray rowIndex = scratch.create(Arrays.stream(kept).mapToLong(i -> i).toArray())) {
        for (int l = 0; l < layers; l++) {
          NDArray k = prefix ? keys[l] : keys[l].get(new NDIndex("{}", rowIndex));
          NDArray v = prefix ? values[l] : values[l].get(new NDIndex("{}", rowIndex));
          if (!prefix) {
            k.attach(scratch);
            v.attach(scratch);
          }
          copy(k, srcMin, srcMax, newKeys[l], dstMin, dstMax);
          copy(v, srcMin, srcMax, newValues[l], dstMin, dstMax);
        }
      }
    }
    for (int l = 0; l < layers; l++) {
      keys[l].close();
      values[l].close();
    }
    keys = newKeys;
    values = newValues;
    start = newStart;
    rows = newRows;
    capacity = newCapacity;
    end = newEnd;
  }

  /** target[dstMin:dstMax] = source[srcMin:srcMax], in place, one native copy. */
  private void copy(NDArray source, long[] srcMin, long[] srcMax, NDArray target, long[] dstMin, long[] dstMax) {
    long[] step = {1, 1, 1, 1};
    try (PtNDArray block = JniUtils.index((PtNDArray) source, srcMin, srcMax, step, (PtNDManager) manager)) {
      JniUtils.indexSet((PtNDArray) target, block, dstMin, dstMax, step);
    }
  }

  /**
   * Zeroed unless every slot will be written before it is read: a masked slot still multiplies its
   * value by a zero probability, and uninitialised memory may hold NaN.
   */
  private NDArray[] allocate(int r, int cap) {
    NDArray[] a = new NDArray[layers];
    Shape shape = new Shape(r, kvHeads, cap, headDim);
    for (int l = 0; l < layers; l++) a[l] = zeroed ? manager.zeros(shape) : manager.create(shape);
    return a;
  }

  private int[] allRows() {
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) all[i] = i;
    return all;
  }

  private static int roundUp(int n, int multiple) { return (n + multiple - 1) / multiple * multiple; }

  @Override
  public void close() { manager.close(); }
}
