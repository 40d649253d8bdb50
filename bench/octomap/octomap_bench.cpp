// OctoMap side of the perception benchmark: reads the point data and queries written by
// mechos.bench.perception.OctreeComparison, builds an OcTree at the same resolution and sensor model with
// insertPointCloud (ray casting, max range, lazy_eval = false, i.e. pruning on every update), then answers the
// same segment-clear and time-to-collision queries with OctoMap's own bounding-box leaf iterator and the same
// closed-form collision time. Prints key=value lines the Java side parses.
#include <octomap/octomap.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <vector>
#include <time.h>

static double cpuNs() { timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec * 1e9 + t.tv_nsec; }

using namespace octomap;
using clk = std::chrono::steady_clock;

struct Scan { point3d origin; Pointcloud cloud; };
struct Query { double x, y, th, v, w, r, horizon, sx, sy, sz, ex, ey, ez; };

template <typename T> static T rd(std::ifstream& in) { T v; in.read(reinterpret_cast<char*>(&v), sizeof v); return v; }

static double wrap(double a) { a = std::remainder(a, 2 * M_PI); return a <= -M_PI ? a + 2 * M_PI : a; }

static double collisionTime(double px, double py, double th, double v, double w, double r, double ox, double oy) {
    double wx = px - ox, wy = py - oy, d0 = wx * wx + wy * wy;
    if (d0 <= r * r) return 0;
    if (std::fabs(w) < 1e-9) {
        if (v == 0) return INFINITY;
        double ux = std::cos(th), uy = std::sin(th), b = 2 * v * (wx * ux + wy * uy), a = v * v;
        double disc = b * b - 4 * a * (d0 - r * r);
        if (disc < 0) return INFINITY;
        double t = (-b - std::sqrt(disc)) / (2 * a);
        return t >= 0 ? t : INFINITY;
    }
    double turn = v / w, rad = std::fabs(turn);
    if (rad < 1e-9) return INFINITY;
    double cx = px - turn * std::sin(th), cy = py + turn * std::cos(th), dx = ox - cx, dy = oy - cy;
    double d = std::hypot(dx, dy);
    if (d < 1e-12) return rad <= r ? 0 : INFINITY;
    double k = (rad * rad + d * d - r * r) / (2 * rad * d);
    if (k > 1) return INFINITY;
    if (k <= -1) return 0;
    double alpha = std::acos(k), delta = wrap(std::atan2(py - cy, px - cx) - std::atan2(dy, dx));
    if (std::fabs(delta) <= alpha) return 0;
    double travel = std::fmod(w > 0 ? -alpha - delta : delta - alpha, 2 * M_PI);
    if (travel < 0) travel += 2 * M_PI;
    return travel / std::fabs(w);
}

int main(int argc, char** argv) {
    if (argc < 2) { std::cerr << "usage: octomap_bench data.bin\n"; return 2; }
    std::ifstream in(argv[1], std::ios::binary);
    double res = rd<double>(in), hit = rd<double>(in), miss = rd<double>(in), cmin = rd<double>(in),
           cmax = rd<double>(in), occ = rd<double>(in), minZ = rd<double>(in), maxZ = rd<double>(in),
           maxRange = rd<double>(in);
    int32_t nScans = rd<int32_t>(in);
    std::vector<Scan> scans(nScans);
    long total = 0;
    for (auto& s : scans) {
        double ox = rd<double>(in), oy = rd<double>(in), oz = rd<double>(in);
        s.origin = point3d(ox, oy, oz);
        int32_t n = rd<int32_t>(in);
        s.cloud.reserve(n);
        for (int i = 0; i < n; i++) { double x = rd<double>(in), y = rd<double>(in), z = rd<double>(in); s.cloud.push_back(x, y, z); }
        total += n;
    }
    int32_t nq = rd<int32_t>(in);
    std::vector<Query> qs(nq);
    for (auto& q : qs) { double* p = &q.x; for (int i = 0; i < 13; i++) p[i] = rd<double>(in); }

    auto build = [&](OcTree& t) {
        t.setProbHit(hit); t.setProbMiss(miss); t.setClampingThresMin(cmin); t.setClampingThresMax(cmax);
        t.setOccupancyThres(occ);
        for (auto& s : scans) t.insertPointCloud(s.cloud, s.origin, maxRange, false, false);
    };
    { OcTree warm(res); build(warm); }
    OcTree tree(res);
    auto t0 = clk::now();
    build(tree);
    double secs = std::chrono::duration<double>(clk::now() - t0).count();
    double cpuSecs = 0;
    { OcTree again(res); double c0 = cpuNs(); build(again); cpuSecs = (cpuNs() - c0) * 1e-9; }
    printf("octomap.insert_cpu_points_per_second=%.0f\n", total / cpuSecs);
    printf("octomap.points=%ld\noctomap.insert_seconds=%.6f\noctomap.points_per_second=%.0f\n", total, secs, total / secs);
    printf("octomap.memory_bytes=%zu\noctomap.nodes=%zu\n", tree.memoryUsage(), tree.size());

    double halfDiag3 = res * std::sqrt(3.0) / 2, halfDiag2 = res * std::sqrt(0.5);
    std::vector<double> segNs, ttcNs, segCpu, ttcCpu;
    int notClear = 0; double ttcSum = 0;
    for (int rep = 0; rep < 2; rep++) {
        segNs.clear(); ttcNs.clear(); segCpu.clear(); ttcCpu.clear(); notClear = 0; ttcSum = 0;
        for (auto& q : qs) {
            auto a = clk::now();
            double ca = cpuNs();
            double lim = q.r + halfDiag3;
            point3d mn(std::min(q.sx, q.ex) - lim, std::min(q.sy, q.ey) - lim, std::min(q.sz, q.ez) - lim);
            point3d mx(std::max(q.sx, q.ex) + lim, std::max(q.sy, q.ey) + lim, std::max(q.sz, q.ez) + lim);
            double dx = q.ex - q.sx, dy = q.ey - q.sy, dz = q.ez - q.sz, ll = dx * dx + dy * dy + dz * dz;
            bool clear = true;
            for (auto it = tree.begin_leafs_bbx(mn, mx), end = tree.end_leafs_bbx(); it != end && clear; ++it) {
                if (!tree.isNodeOccupied(*it)) continue;
                double x = it.getX(), y = it.getY(), z = it.getZ();
                double t = ll > 0 ? ((x - q.sx) * dx + (y - q.sy) * dy + (z - q.sz) * dz) / ll : 0;
                t = std::min(1.0, std::max(0.0, t));
                double px = q.sx + t * dx - x, py = q.sy + t * dy - y, pz = q.sz + t * dz - z;
                if (std::sqrt(px * px + py * py + pz * pz) - (it.getSize() - res) * 0.87 <= lim) clear = false;
            }
            segNs.push_back(std::chrono::duration<double, std::nano>(clk::now() - a).count());
            segCpu.push_back(cpuNs() - ca);
            notClear += !clear;

            a = clk::now();
            ca = cpuNs();
            double r = q.r + halfDiag2, reach = std::fabs(q.v) * q.horizon + r + res;
            double best = INFINITY;
            for (auto it = tree.begin_leafs_bbx(point3d(q.x - reach, q.y - reach, minZ), point3d(q.x + reach, q.y + reach, maxZ)),
                     end = tree.end_leafs_bbx(); it != end; ++it) {
                if (!tree.isNodeOccupied(*it)) continue;
                double z = it.getZ();
                if (z < minZ - 1e-9 || z > maxZ + 1e-9) continue;
                double x = it.getX(), y = it.getY();
                if ((x - q.x) * (x - q.x) + (y - q.y) * (y - q.y) > reach * reach) continue;
                best = std::min(best, collisionTime(q.x, q.y, q.th, q.v, q.w, r, x, y));
            }
            if (best > q.horizon) best = INFINITY;
            ttcNs.push_back(std::chrono::duration<double, std::nano>(clk::now() - a).count());
            ttcCpu.push_back(cpuNs() - ca);
            if (std::isfinite(best)) ttcSum += best;
        }
    }
    auto pct = [](std::vector<double> v, double p) { std::sort(v.begin(), v.end()); return v[(size_t)std::min<double>(v.size() - 1, p * v.size())]; };
    printf("octomap.segment_p50_ns=%.0f\noctomap.segment_p99_ns=%.0f\noctomap.segment_not_clear=%d\n", pct(segNs, 0.5), pct(segNs, 0.99), notClear);
    printf("octomap.segment_cpu_p50_ns=%.0f\noctomap.segment_cpu_p99_ns=%.0f\n", pct(segCpu, 0.5), pct(segCpu, 0.99));
    printf("octomap.ttc_cpu_p50_ns=%.0f\noctomap.ttc_cpu_p99_ns=%.0f\n", pct(ttcCpu, 0.5), pct(ttcCpu, 0.99));
    printf("octomap.ttc_p50_ns=%.0f\noctomap.ttc_p99_ns=%.0f\noctomap.ttc_sum=%.3f\n", pct(ttcNs, 0.5), pct(ttcNs, 0.99), ttcSum);
    return 0;
}
