package mechos.perception.internal.octree;

import java.util.Arrays;

/**
 * An open-addressing set of packed voxel keys ({@code kx | ky << 16 | kz << 32}) with insertion-order
 * iteration and a clear that costs only what was inserted. Not thread-safe; one per writer.
 */
final class KeySet {
    private static final long EMPTY = -1L;
    private long[] table;
    private int[] slots;
    private long[] items;
    private int size;
    private int mask;

    KeySet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        table = new long[cap];
        Arrays.fill(table, EMPTY);
        mask = cap - 1;
        items = new long[Math.max(16, expected)];
        slots = new int[items.length];
    }

    static long pack(int kx, int ky, int kz) {
        return (kx & 0xFFFFL) | (ky & 0xFFFFL) << 16 | (kz & 0xFFFFL) << 32;
    }

    static int kx(long key) {
        return (int) (key & 0xFFFF);
    }

    static int ky(long key) {
        return (int) ((key >>> 16) & 0xFFFF);
    }

    static int kz(long key) {
        return (int) ((key >>> 32) & 0xFFFF);
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    boolean add(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = table[i];
            if (k == EMPTY) {
                break;
            }
            if (k == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = key;
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
        }
        items[size] = key;
        slots[size] = i;
        size++;
        if (size * 2 > table.length) {
            grow();
        }
        return true;
    }

    boolean contains(long key) {
        int i = hash(key) & mask;
        while (true) {
            long k = table[i];
            if (k == EMPTY) {
                return false;
            }
            if (k == key) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    long get(int index) {
        return items[index];
    }

    void clear() {
        for (int j = 0; j < size; j++) {
            table[slots[j]] = EMPTY;
        }
        size = 0;
    }

    private void grow() {
        long[] t = new long[table.length * 2];
        Arrays.fill(t, EMPTY);
        int m = t.length - 1;
        for (int j = 0; j < size; j++) {
            int i = hash(items[j]) & m;
            while (t[i] != EMPTY) {
                i = (i + 1) & m;
            }
            t[i] = items[j];
            slots[j] = i;
        }
        table = t;
        mask = m;
    }
}
