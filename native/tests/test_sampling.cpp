// test_sampling.cpp: qnn_sample_sorted reproduces the walk of qnnlab's Sampling.java exactly, and qnn_sample draws
// SplittableRandom's stream (splitmix64) and matches the walk over its own sorted draws.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "test_util.h"

static double prob(const double *a, int64_t i) { return a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1]; }

// Sampling.java, transcribed.
static std::vector<int64_t> java_walk(const double *a, int n, const std::vector<double> &sorted) {
    std::vector<int64_t> out;
    int64_t dim = int64_t(1) << n, b = 0;
    double cumulative = prob(a, 0);
    for (double target : sorted) {
        while (cumulative <= target && b < dim - 1) {
            b++;
            cumulative += prob(a, b);
        }
        int64_t i = b;
        while (i > 0 && prob(a, i) == 0) i--;
        out.push_back(i);
    }
    return out;
}

int main() {
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> u01(0, 1);
    for (int n : {1, 3, 6, 10}) {
        qnn_state *s = nullptr;
        EXPECT_OK(qnn_state_create(n, &s));
        int64_t dim = int64_t(1) << n;
        for (int64_t i = 0; i < dim; ++i) {
            // zeros at some indices, including the last ones, so the step-back matters
            bool zero = (i % 3 == 1) || i >= dim - 2;
            s->amplitudes[2 * i] = zero ? 0 : u01(rng);
            s->amplitudes[2 * i + 1] = zero ? 0 : u01(rng) - 0.5;
        }
        if (n == 1) s->amplitudes[0] = 1;  // dim 2: index 0 must stay nonzero
        double total;
        EXPECT_OK(qnn_norm_squared(s, &total));
        std::vector<double> t(500);
        for (auto &x : t) x = u01(rng) * total;
        t.push_back(0.0);
        t.push_back(std::nextafter(total, 0.0));
        t.push_back(total);  // beyond the last probability: the walk ends at dim - 1 and steps back
        std::sort(t.begin(), t.end());
        std::vector<int64_t> got(t.size());
        EXPECT_OK(qnn_sample_sorted(s, t.data(), int64_t(t.size()), got.data()));
        std::vector<int64_t> want = java_walk(s->amplitudes, n, t);
        EXPECT(got == want, "n=%d: qnn_sample_sorted differs from the Java walk", n);
        for (int64_t o : got) EXPECT(prob(s->amplitudes, o) > 0, "n=%d: outcome %lld has probability 0", n, (long long)o);

        // qnn_sample: SplittableRandom(seed).nextDouble() * total, sorted with their draw order remembered
        const uint64_t seed = 2024;
        const int shots = 300;
        std::vector<int64_t> draws(shots);
        EXPECT_OK(qnn_sample(s, shots, seed, draws.data()));
        uint64_t state = seed;
        std::vector<double> uu(shots);
        for (auto &x : uu) {
            uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            z ^= z >> 31;
            x = double(z >> 11) * 0x1.0p-53 * total;
        }
        std::vector<int> order(shots);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return uu[a] < uu[b]; });
        std::vector<double> sorted(shots);
        for (int k = 0; k < shots; ++k) sorted[k] = uu[order[k]];
        std::vector<int64_t> w = java_walk(s->amplitudes, n, sorted), expect(shots);
        for (int k = 0; k < shots; ++k) expect[order[k]] = w[k];
        EXPECT(draws == expect, "n=%d: qnn_sample differs from the walk over splitmix64 draws", n);
        qnn_state_free(s);
    }
    // first value of SplittableRandom(0).nextLong() is mix64(0x9e3779b97f4a7c15) = 0xe220a8397b1dcdaf
    {
        qnn_state *s = nullptr;
        EXPECT_OK(qnn_state_create(1, &s));
        s->amplitudes[0] = 0;
        s->amplitudes[2] = 1;  // |1> only
        int64_t o = -1;
        EXPECT_OK(qnn_sample(s, 1, 0, &o));
        EXPECT(o == 1, "sampling |1> gave %lld", (long long)o);
        qnn_state_free(s);
    }
    return qnn_test_finish("test_sampling");
}
