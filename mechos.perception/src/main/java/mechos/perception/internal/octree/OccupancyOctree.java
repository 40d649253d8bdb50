package mechos.perception.internal.octree;

/**
 * The writable occupancy octree, after OctoMap's {@code OccupancyOcTreeBase}: 16 levels of 16-bit keys per axis,
 * log-odds per voxel with clamping, beams ray cast with a 3-D DDA (free cells along the ray, the end cell
 * occupied, beams beyond the maximum range clear only), each cell updated at most once per scan (occupied wins),
 * inner nodes holding the maximum of their children, and homogeneous children pruned on every update.
 *
 * <p><b>Concurrency.</b> One writer thread calls the mutating methods; any thread reads {@link #snapshot()}.
 * Snapshots are immutable by construction: nodes are stamped with the epoch that created them, and the writer
 * modifies a node in place only if it belongs to the current epoch, copying it (and thereby the path from the
 * root) otherwise. {@link #publish} hands the new root to readers with a volatile write and starts a new epoch.
 * Memory cost: the live tree plus, per published batch, one copy of every node on a touched path, which becomes
 * garbage as soon as no reader holds the previous snapshot. Readers never wait and never see a half-applied scan.
 */
public final class OccupancyOctree {
    static final int DEPTH = 16;
    static final int OFFSET = 1 << (DEPTH - 1);

    private final OctreeParams params;
    private final double res;
    private final CellIndex cells;
    private final float hit;
    private final float miss;
    private final float clampMin;
    private final float clampMax;
    private final float decayFloor;
    private final float occ;
    private final BandColumns columns;
    private final KeySet freeCells = new KeySet(1 << 15);
    private final KeySet occupiedCells = new KeySet(1 << 11);
    private final Node[] path = new Node[DEPTH + 1];

    private Node root;
    private int epoch = 1;
    private long nodes;
    private long innerNodes;
    private long scans;
    private long points;
    private long version;
    private volatile OctreeSnapshot published;

    public OccupancyOctree(OctreeParams params) {
        this.params = params;
        this.res = params.resolution();
        this.cells = new CellIndex(res);
        this.hit = params.hitLogOdds();
        this.miss = params.missLogOdds();
        this.clampMin = params.clampMinLogOdds();
        this.clampMax = params.clampMaxLogOdds();
        this.decayFloor = Math.min(0f, params.occupancyLogOdds() - 1e-3f);
        this.occ = params.occupancyLogOdds();
        int[] band = BandColumns.bandKeys(cells, params.minZ(), params.maxZ());
        this.columns = new BandColumns(band[0], band[1]);
        this.published = new OctreeSnapshot(null, params, stats(0), BandColumns.Slice.EMPTY);
    }

    public OctreeParams params() {
        return params;
    }

    /** @return the newest published version; never null (empty before the first publish) */
    public OctreeSnapshot snapshot() {
        return published;
    }

    /**
     * Integrates one scan: for each point a beam from the origin. Beams longer than {@code maxRange} (if
     * {@code maxRange > 0}) are cut there and clear space only. Call {@link #publish} to make it visible.
     *
     * @param xyz   point coordinates, x y z interleaved, in the map frame
     * @param count number of points in {@code xyz}
     */
    public void insertPointCloud(double ox, double oy, double oz, double[] xyz, int count, double maxRange) {
        freeCells.clear();
        occupiedCells.clear();
        for (int i = 0; i < count; i++) {
            double px = xyz[3 * i], py = xyz[3 * i + 1], pz = xyz[3 * i + 2];
            double dx = px - ox, dy = py - oy, dz = pz - oz;
            double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (maxRange <= 0 || len <= maxRange) {
                computeRayKeys(ox, oy, oz, px, py, pz, freeCells);
                int kx = key(px), ky = key(py), kz = key(pz);
                if (valid(kx) && valid(ky) && valid(kz)) {
                    occupiedCells.add(KeySet.pack(kx, ky, kz));
                }
            } else {
                double s = maxRange / len;
                computeRayKeys(ox, oy, oz, ox + dx * s, oy + dy * s, oz + dz * s, freeCells);
            }
        }
        for (int j = 0, n = freeCells.size(); j < n; j++) {
            long k = freeCells.get(j);
            if (!occupiedCells.contains(k)) {
                updateKey(KeySet.kx(k), KeySet.ky(k), KeySet.kz(k), miss);
            }
        }
        for (int j = 0, n = occupiedCells.size(); j < n; j++) {
            long k = occupiedCells.get(j);
            updateKey(KeySet.kx(k), KeySet.ky(k), KeySet.kz(k), hit);
        }
        scans++;
        points += count;
    }

    /** Applies one hit or miss to the cell containing a point; false if the point is outside the key range. */
    public boolean updateCell(double x, double y, double z, boolean occupied) {
        int kx = key(x), ky = key(y), kz = key(z);
        if (!(valid(kx) && valid(ky) && valid(kz))) {
            return false;
        }
        updateKey(kx, ky, kz, occupied ? hit : miss);
        return true;
    }

    /**
     * Fades occupied-leaning cells toward unknown by {@code decayPerSecond * seconds} log-odds (a no-op when decay
     * is disabled), so obstacles that are no longer observed disappear.
     */
    public void decay(double seconds) {
        float amount = (float) (params.decayPerSecond() * seconds);
        if (amount > 0 && root != null) {
            root = decay(root, amount, 0, 0, 0, 0);
        }
    }

    /** Makes everything written so far visible to readers and starts a new epoch. */
    public OctreeSnapshot publish(long nowNanos) {
        version++;
        OctreeSnapshot s = new OctreeSnapshot(root, params, stats(nowNanos), columns.publish());
        published = s;
        epoch++;
        return s;
    }

    private mechos.perception.api.MapStats stats(long nowNanos) {
        long bytes = nodes * 24 + innerNodes * 48;
        return new mechos.perception.api.MapStats(version, res, scans, points, nodes, innerNodes, bytes, nowNanos);
    }

    int key(double c) {
        return cells.key(c);
    }

    static boolean valid(int k) {
        return k >= 0 && k < 2 * OFFSET;
    }

    private double center(int k) {
        return cells.center(k);
    }

    /** OctoMap's {@code computeRayKeys}: the cells from the origin's (included) to the end's (excluded). */
    private void computeRayKeys(double ox, double oy, double oz, double ex, double ey, double ez, KeySet out) {
        int cx = key(ox), cy = key(oy), cz = key(oz);
        int ekx = key(ex), eky = key(ey), ekz = key(ez);
        if (!(valid(cx) && valid(cy) && valid(cz) && valid(ekx) && valid(eky) && valid(ekz))) {
            return;
        }
        if (cx == ekx && cy == eky && cz == ekz) {
            return;
        }
        out.add(KeySet.pack(cx, cy, cz));
        double dx = ex - ox, dy = ey - oy, dz = ez - oz;
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
        dx /= length;
        dy /= length;
        dz /= length;
        int sx = (int) Math.signum(dx), sy = (int) Math.signum(dy), sz = (int) Math.signum(dz);
        double tmx = sx != 0 ? (center(cx) + sx * res * 0.5 - ox) / dx : Double.MAX_VALUE;
        double tmy = sy != 0 ? (center(cy) + sy * res * 0.5 - oy) / dy : Double.MAX_VALUE;
        double tmz = sz != 0 ? (center(cz) + sz * res * 0.5 - oz) / dz : Double.MAX_VALUE;
        double tdx = sx != 0 ? res / Math.abs(dx) : Double.MAX_VALUE;
        double tdy = sy != 0 ? res / Math.abs(dy) : Double.MAX_VALUE;
        double tdz = sz != 0 ? res / Math.abs(dz) : Double.MAX_VALUE;
        while (true) {
            if (tmx < tmy) {
                if (tmx < tmz) {
                    cx += sx;
                    tmx += tdx;
                } else {
                    cz += sz;
                    tmz += tdz;
                }
            } else if (tmy < tmz) {
                cy += sy;
                tmy += tdy;
            } else {
                cz += sz;
                tmz += tdz;
            }
            if (cx == ekx && cy == eky && cz == ekz) {
                return;
            }
            double dist = Math.min(tmx, Math.min(tmy, tmz));
            if (dist > length || !(valid(cx) && valid(cy) && valid(cz))) {
                return;
            }
            out.add(KeySet.pack(cx, cy, cz));
        }
    }

    private Node writable(Node n) {
        return n.epoch == epoch ? n : new Node(n.value, n.children == null ? null : n.children.clone(), epoch);
    }

    private static int childIndex(int kx, int ky, int kz, int bit) {
        return ((kx >>> bit) & 1) | ((ky >>> bit) & 1) << 1 | ((kz >>> bit) & 1) << 2;
    }

    private Node search(int kx, int ky, int kz) {
        Node n = root;
        for (int d = 0; n != null && d < DEPTH && n.children != null; d++) {
            n = n.children[childIndex(kx, ky, kz, DEPTH - 1 - d)];
        }
        return n;
    }

    private void updateKey(int kx, int ky, int kz, float delta) {
        Node existing = search(kx, ky, kz);
        if (existing != null && existing.children == null
                && ((delta >= 0 && existing.value >= clampMax) || (delta <= 0 && existing.value <= clampMin))) {
            return;
        }
        boolean wasOccupied = existing != null && existing.value > occ;
        boolean created;
        if (root == null) {
            root = new Node(0, null, epoch);
            nodes++;
            created = true;
        } else {
            root = writable(root);
            created = false;
        }
        Node node = root;
        path[0] = node;
        for (int d = 0; d < DEPTH; d++) {
            int i = childIndex(kx, ky, kz, DEPTH - 1 - d);
            Node[] ch = node.children;
            Node child;
            if (ch == null) {
                ch = new Node[8];
                node.children = ch;
                innerNodes++;
                if (created) {
                    child = new Node(0, null, epoch);
                    ch[i] = child;
                    nodes++;
                } else {
                    // a pruned leaf: expand into eight copies of itself, then descend into one
                    for (int c = 0; c < 8; c++) {
                        ch[c] = new Node(node.value, null, epoch);
                    }
                    nodes += 8;
                    child = ch[i];
                }
            } else {
                child = ch[i];
                if (child == null) {
                    child = new Node(0, null, epoch);
                    ch[i] = child;
                    nodes++;
                    created = true;
                } else {
                    if (child.epoch != epoch) {
                        child = writable(child);
                        ch[i] = child;
                    }
                    created = false;
                }
            }
            path[d + 1] = child;
            node = child;
        }
        float v = node.value + delta;
        node.value = v < clampMin ? clampMin : (v > clampMax ? clampMax : v);
        if ((node.value > occ) != wasOccupied) {
            columns.changed(kx, ky, kz, 1, !wasOccupied);
        }
        for (int d = DEPTH - 1; d >= 0; d--) {
            settle(path[d]);
        }
    }

    /** Prunes a node whose eight children are equal leaves, or sets its value to the children's maximum. */
    private void settle(Node n) {
        Node[] ch = n.children;
        Node c0 = ch[0];
        boolean prunable = c0 != null && c0.children == null;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < 8; c++) {
            Node k = ch[c];
            if (k == null) {
                prunable = false;
                continue;
            }
            if (k.value > max) {
                max = k.value;
            }
            if (prunable && (k.children != null || k.value != c0.value)) {
                prunable = false;
            }
        }
        if (prunable) {
            n.children = null;
            n.value = c0.value;
            nodes -= 8;
            innerNodes--;
        } else {
            n.value = max;
        }
    }

    private Node decay(Node n, float amount, int depth, int kx0, int ky0, int kz0) {
        if (n.value <= decayFloor) {
            return n;
        }
        Node w = writable(n);
        if (w.children == null) {
            boolean was = w.value > occ;
            w.value = Math.max(decayFloor, w.value - amount);
            if (was && w.value <= occ) {
                columns.changed(kx0, ky0, kz0, 1 << (DEPTH - depth), false);
            }
            return w;
        }
        int half = 1 << (DEPTH - 1 - depth);
        for (int c = 0; c < 8; c++) {
            Node k = w.children[c];
            if (k != null) {
                w.children[c] = decay(k, amount, depth + 1, kx0 + (c & 1) * half, ky0 + ((c >> 1) & 1) * half,
                        kz0 + ((c >> 2) & 1) * half);
            }
        }
        settle(w);
        return w;
    }
}
