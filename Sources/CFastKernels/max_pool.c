// Two-dimensional max pooling over float32 planes for AVX-512 CPUs (see CFastKernels.h): for
// each output row, the maximum over the window's input rows (contiguous, 16 lanes at a time),
// then over each window's columns. NaN wins; a window wholly in the padding gives -inf.

#include "CFastKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

static inline __attribute__((always_inline)) float max_nan(float v, float best) {
    return (v > best || v != v) ? v : best;
}

__attribute__((target("avx512f"))) void mshub_max_pool_2d_f32(
    const float *x, float *y, int64_t p0, int64_t p1, int64_t r0, int64_t r1, const mshub_pool_geometry *g, float *line) {
    const int64_t ih = g->in_h, iw = g->in_w, oh = g->out_h, ow = g->out_w;
    const int64_t kh = g->kernel_h, kw = g->kernel_w, sh = g->stride_h, sw = g->stride_w;
    const int64_t ph = g->pad_top, pw = g->pad_left;
    // Output columns whose window lies inside the row: [inner0, inner1).
    int64_t inner0 = 0, inner1 = ow;
    while (inner0 < ow && inner0 * sw - pw < 0) inner0++;
    while (inner1 > inner0 && (inner1 - 1) * sw - pw + kw > iw) inner1--;
    for (int64_t p = p0; p < p1; p++) {
        const float *plane = x + p * ih * iw;
        for (int64_t r = r0; r < r1; r++) {
            float *out = y + (p * oh + r) * ow;
            int64_t h0 = r * sh - ph, h1 = h0 + kh;
            if (h0 < 0) h0 = 0;
            if (h1 > ih) h1 = ih;
            if (h1 <= h0) {
                for (int64_t c = 0; c < ow; c++) out[c] = -__builtin_inff();
                continue;
            }
            const float *first = plane + h0 * iw;
            for (int64_t c = 0; c < iw; c++) line[c] = first[c];
            for (int64_t h = h0 + 1; h < h1; h++) {
                const float *row = plane + h * iw;
                for (int64_t c = 0; c < iw; c++) line[c] = max_nan(row[c], line[c]);
            }
            // Columns: the inner run a tap at a time, the edges one window at a time.
            if (inner1 > inner0) {
                for (int64_t c = inner0; c < inner1; c++) out[c] = line[c * sw - pw];
                for (int64_t j = 1; j < kw; j++)
                    for (int64_t c = inner0; c < inner1; c++) out[c] = max_nan(line[c * sw - pw + j], out[c]);
            }
            for (int64_t c = 0; c < ow; c++) {
                if (c == inner0 && inner1 > inner0) {
                    c = inner1 - 1;
                    continue;
                }
                int64_t w0 = c * sw - pw, w1 = w0 + kw;
                if (w0 < 0) w0 = 0;
                if (w1 > iw) w1 = iw;
                if (w1 <= w0) {
                    out[c] = -__builtin_inff();
                    continue;
                }
                float best = line[w0];
                for (int64_t w = w0 + 1; w < w1; w++) best = max_nan(line[w], best);
                out[c] = best;
            }
        }
    }
}

#else

void mshub_max_pool_2d_f32(
    const float *x, float *y, int64_t p0, int64_t p1, int64_t r0, int64_t r1, const mshub_pool_geometry *g, float *line) {
    (void)x; (void)y; (void)p0; (void)p1; (void)r0; (void)r1; (void)g; (void)line;
}

#endif
