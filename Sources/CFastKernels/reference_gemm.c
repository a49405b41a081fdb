// The reference backend's Double matrix product, 4 rows × 32 columns at a time, for AVX-512
// CPUs (see CFastKernels.h). Each product is rounded and then added: no fused multiply-add, so
// every element equals the plain loop `sum += a[i][l] * b[l][j]` over l in order.

#include "CFastKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

#include <immintrin.h>

__attribute__((target("avx512f"))) void mshub_reference_gemm_4x32(
    int64_t k, const double *a, int64_t lda, const double *b, int64_t ldb, double *c, int64_t ldc) {
    __m512d acc[4][4];
    for (int r = 0; r < 4; r++)
        for (int v = 0; v < 4; v++) acc[r][v] = _mm512_loadu_pd(c + r * ldc + 8 * v);
    for (int64_t l = 0; l < k; l++) {
        const double *row = b + l * ldb;
        __m512d bv[4];
        for (int v = 0; v < 4; v++) bv[v] = _mm512_loadu_pd(row + 8 * v);
        for (int r = 0; r < 4; r++) {
            const __m512d weight = _mm512_set1_pd(a[r * lda + l]);
            for (int v = 0; v < 4; v++) acc[r][v] = _mm512_add_pd(acc[r][v], _mm512_mul_pd(weight, bv[v]));
        }
    }
    for (int r = 0; r < 4; r++)
        for (int v = 0; v < 4; v++) _mm512_storeu_pd(c + r * ldc + 8 * v, acc[r][v]);
}

#else

void mshub_reference_gemm_4x32(
    int64_t k, const double *a, int64_t lda, const double *b, int64_t ldb, double *c, int64_t ldc) {
    (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc;
}

#endif
