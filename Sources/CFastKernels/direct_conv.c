// Direct float32 convolution for AVX-512 CPUs (see CFastKernels.h).
//
// Each tile computes 8 output channels × 48 output positions in 24 vector registers, summing
// over every tap of the kernel before it stores anything: one broadcast weight times three
// vectors of input per tap and channel. Because every tap reads a contiguous run of a phase
// plane, no column matrix is built. Positions in the planes' padding columns are computed and
// dropped: the stores compress the kept lanes, which are contiguous in the output.

#include "CFastKernels.h"

#include <string.h>

enum { TILE_ROWS = 8, TILE_VECTORS = 3, TILE_WIDTH = TILE_VECTORS * 16 };

int64_t mshub_direct_conv_tile_width(void) { return TILE_WIDTH; }
int64_t mshub_direct_conv_tile_rows(void) { return TILE_ROWS; }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,fma")))

AVX512 void mshub_direct_conv_phases(
    const float *x, const mshub_conv_geometry *g, const int64_t *phases, float *planes, int64_t c0, int64_t c1,
    int64_t r0, int64_t r1) {
    const int64_t plane = g->plane_h * g->plane_w;
    for (int64_t ci = c0; ci < c1; ci++) {
        const float *channel = x + ci * g->in_h * g->in_w;
        for (int64_t p = 0; p < g->phase_count; p++) {
            const int64_t a = phases[2 * p], b = phases[2 * p + 1];
            float *out = planes + (ci * g->phase_count + p) * plane;
            // Plane columns whose input column lies inside the image: [lo, hi).
            int64_t lo = 0, hi = g->plane_w;
            while (lo < hi && lo * g->stride_w + b - g->pad_left < 0) lo++;
            while (hi > lo && (hi - 1) * g->stride_w + b - g->pad_left >= g->in_w) hi--;
            for (int64_t r = r0; r < r1; r++) {
                float *line = out + r * g->plane_w;
                const int64_t row = r * g->stride_h + a - g->pad_top;
                if (row < 0 || row >= g->in_h || hi == lo) {
                    memset(line, 0, sizeof(float) * (size_t)g->plane_w);
                    continue;
                }
                const float *src = channel + row * g->in_w + b - g->pad_left;
                for (int64_t col = 0; col < lo; col++) line[col] = 0;
                if (g->stride_w == 1) {
                    memcpy(line + lo, src + lo, sizeof(float) * (size_t)(hi - lo));
                } else if (g->stride_w == 2) {
                    for (int64_t col = lo; col < hi; col++) line[col] = src[2 * col];
                } else {
                    for (int64_t col = lo; col < hi; col++) line[col] = src[col * g->stride_w];
                }
                for (int64_t col = hi; col < g->plane_w; col++) line[col] = 0;
            }
        }
    }
}

// One tile of `vectors` (1 to 3) vectors of 16 positions. `keep[v]` marks the lanes of vector v
// that are real output positions and `dest[v]` is the output index of its first kept lane.
static inline __attribute__((always_inline)) AVX512 void tile(
    const int vectors, const int64_t taps, const float *restrict w, const int64_t ldw, const float *restrict base,
    const int64_t *restrict offsets, float *restrict y, const int64_t plane, const int rows, const int64_t *dest,
    const __mmask16 *keep, const float *bias, const float *residual, const float *clamp) {
    __m512 acc[TILE_ROWS][TILE_VECTORS];
    for (int r = 0; r < TILE_ROWS; r++)
        for (int v = 0; v < vectors; v++) acc[r][v] = _mm512_setzero_ps();
    // Rows past `rows` repeat the first row's weights; their sums are never stored.
    const float *wr[TILE_ROWS];
    for (int r = 0; r < TILE_ROWS; r++) wr[r] = w + (r < rows ? r : 0) * ldw;
    for (int64_t k = 0; k < taps; k++) {
        const float *in = base + offsets[k];
        __m512 b[TILE_VECTORS];
        // Only kept lanes are loaded: nothing past the last output position is read.
        for (int v = 0; v < vectors; v++) b[v] = _mm512_maskz_loadu_ps(keep[v], in + 16 * v);
        for (int r = 0; r < TILE_ROWS; r++) {
            const __m512 weight = _mm512_set1_ps(wr[r][k]);
            for (int v = 0; v < vectors; v++) acc[r][v] = _mm512_fmadd_ps(weight, b[v], acc[r][v]);
        }
    }
    const __m512 lo = _mm512_set1_ps(clamp ? clamp[0] : 0.0f), hi = _mm512_set1_ps(clamp ? clamp[1] : 0.0f);
    for (int r = 0; r < rows; r++) {
        const __m512 shift = _mm512_set1_ps(bias ? bias[r] : 0.0f);
        for (int v = 0; v < vectors; v++) {
            const __mmask16 lanes = keep[v];
            if (!lanes) continue;
            const __mmask16 first = (__mmask16)(0xFFFFu >> (16 - __builtin_popcount(lanes)));
            float *out = y + r * plane + dest[v];
            __m512 value = _mm512_maskz_compress_ps(lanes, _mm512_add_ps(acc[r][v], shift));
            if (residual) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(first, residual + r * plane + dest[v]));
            // max(lo, v) and min(hi, v) return v when v is NaN.
            if (clamp) value = _mm512_min_ps(hi, _mm512_max_ps(lo, value));
            _mm512_mask_storeu_ps(out, first, value);
        }
    }
}

#define TILE_FUNCTION(name, count)                                                                              \
    static AVX512 void name(                                                                                    \
        int64_t taps, const float *w, int64_t ldw, const float *base, const int64_t *offsets, float *y,         \
        int64_t plane, int rows, const int64_t *dest, const __mmask16 *keep, const float *bias,                 \
        const float *residual, const float *clamp) {                                                            \
        tile(count, taps, w, ldw, base, offsets, y, plane, rows, dest, keep, bias, residual, clamp);            \
    }
TILE_FUNCTION(tile1, 1)
TILE_FUNCTION(tile2, 2)
TILE_FUNCTION(tile3, 3)

AVX512 void mshub_direct_conv_run(
    const float *planes, const int64_t *offsets, const float *w, const float *bias, const float *residual, float *y,
    const mshub_conv_geometry *g, const float *clamp, int64_t item0, int64_t item1, int64_t m_chunk) {
    const int64_t taps = g->channels * g->kernel_h * g->kernel_w;
    const int64_t positions = g->out_h * g->plane_w, plane = g->out_h * g->out_w;
    const int64_t chunks = (g->out_channels + m_chunk - 1) / m_chunk;
    for (int64_t item = item0; item < item1; item++) {
        const int64_t q0 = (item / chunks) * TILE_WIDTH, chunk = item % chunks;
        const int64_t count = positions - q0 < TILE_WIDTH ? positions - q0 : TILE_WIDTH;
        const int vectors = (int)((count + 15) / 16);
        int64_t dest[TILE_VECTORS] = {0, 0, 0};
        __mmask16 keep[TILE_VECTORS] = {0, 0, 0};
        for (int v = 0; v < vectors; v++) {
            int64_t first = -1;
            unsigned lanes = 0;
            for (int l = 0; l < 16; l++) {
                const int64_t q = q0 + 16 * v + l;
                if (q >= positions) break;
                const int64_t row = q / g->plane_w, col = q % g->plane_w;
                if (col >= g->out_w) continue;
                if (first < 0) first = row * g->out_w + col;
                lanes |= 1u << l;
            }
            dest[v] = first < 0 ? 0 : first;
            keep[v] = (__mmask16)lanes;
        }
        const int64_t m0 = chunk * m_chunk;
        const int64_t m1 = m0 + m_chunk < g->out_channels ? m0 + m_chunk : g->out_channels;
        for (int64_t m = m0; m < m1; m += TILE_ROWS) {
            const int rows = (int)(m1 - m < TILE_ROWS ? m1 - m : TILE_ROWS);
            const float *b = bias ? bias + m : NULL;
            const float *res = residual ? residual + m * plane : NULL;
            const float *wm = w + m * taps;
            float *ym = y + m * plane;
            if (vectors == 3) tile3(taps, wm, taps, planes + q0, offsets, ym, plane, rows, dest, keep, b, res, clamp);
            else if (vectors == 2) tile2(taps, wm, taps, planes + q0, offsets, ym, plane, rows, dest, keep, b, res, clamp);
            else tile1(taps, wm, taps, planes + q0, offsets, ym, plane, rows, dest, keep, b, res, clamp);
        }
    }
}

AVX512 void mshub_depthwise_conv_channel(
    const float *x, const float *w, const float *bias, const float *residual, float *y, const mshub_conv_geometry *g,
    const int64_t *phases, const int64_t *offsets, const float *clamp, float *scratch) {
    enum { VECTORS = 4 };
    mshub_direct_conv_phases(x, g, phases, scratch, 0, 1, 0, g->plane_h);
    const int64_t taps = g->kernel_h * g->kernel_w, ow = g->out_w;
    const __m512 shift = _mm512_set1_ps(bias ? *bias : 0.0f);
    const __m512 lo = _mm512_set1_ps(clamp ? clamp[0] : 0.0f), hi = _mm512_set1_ps(clamp ? clamp[1] : 0.0f);
    for (int64_t r = 0; r < g->out_h; r++) {
        const float *line = scratch + r * g->plane_w;
        float *out = y + r * ow;
        const float *res = residual ? residual + r * ow : NULL;
        for (int64_t c = 0; c < ow; c += 16 * VECTORS) {
            // Four independent sums per tap; lanes at or past out_w are masked off (loads included).
            __mmask16 lanes[VECTORS];
            __m512 acc[VECTORS];
            for (int v = 0; v < VECTORS; v++) {
                const int64_t left = ow - c - 16 * v;
                lanes[v] = left >= 16 ? (__mmask16)0xFFFF : (left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1));
                acc[v] = _mm512_setzero_ps();
            }
            for (int64_t k = 0; k < taps; k++) {
                const __m512 weight = _mm512_set1_ps(w[k]);
                const float *in = line + offsets[k] + c;
                for (int v = 0; v < VECTORS; v++)
                    acc[v] = _mm512_fmadd_ps(weight, _mm512_maskz_loadu_ps(lanes[v], in + 16 * v), acc[v]);
            }
            for (int v = 0; v < VECTORS; v++) {
                if (!lanes[v]) break;
                __m512 value = _mm512_add_ps(acc[v], shift);
                if (res) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(lanes[v], res + c + 16 * v));
                if (clamp) value = _mm512_min_ps(hi, _mm512_max_ps(lo, value));
                _mm512_mask_storeu_ps(out + c + 16 * v, lanes[v], value);
            }
        }
    }
}

#else

void mshub_depthwise_conv_channel(
    const float *x, const float *w, const float *bias, const float *residual, float *y, const mshub_conv_geometry *g,
    const int64_t *phases, const int64_t *offsets, const float *clamp, float *scratch) {
    (void)x; (void)w; (void)bias; (void)residual; (void)y; (void)g; (void)phases; (void)offsets; (void)clamp; (void)scratch;
}

void mshub_direct_conv_phases(
    const float *x, const mshub_conv_geometry *g, const int64_t *phases, float *planes, int64_t c0, int64_t c1,
    int64_t r0, int64_t r1) {
    (void)x; (void)g; (void)phases; (void)planes; (void)c0; (void)c1; (void)r0; (void)r1;
}

void mshub_direct_conv_run(
    const float *planes, const int64_t *offsets, const float *w, const float *bias, const float *residual, float *y,
    const mshub_conv_geometry *g, const float *clamp, int64_t item0, int64_t item1, int64_t m_chunk) {
    (void)planes; (void)offsets; (void)w; (void)bias; (void)residual; (void)y; (void)g; (void)clamp;
    (void)item0; (void)item1; (void)m_chunk;
}

#endif
